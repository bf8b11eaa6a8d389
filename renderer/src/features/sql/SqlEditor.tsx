import { useEffect, useRef } from 'react';
import { monaco } from '../../components/monaco-setup';
import type { CompletionItem } from './completion';

const KIND = { table: monaco.languages.CompletionItemKind.Class, column: monaco.languages.CompletionItemKind.Field, keyword: monaco.languages.CompletionItemKind.Keyword };

/** Monaco with SQL highlighting, completion of tables and columns, and Ctrl/Cmd+Enter to run the selection (or everything). */
export function SqlEditor(props: {
  /** Text put into the editor from outside (initial text, a history entry); each new `seq` replaces the text. */
  load: { text: string; seq: number };
  onChange: (v: string) => void;
  onRun: (sql: string) => void;
  completions: CompletionItem[];
  dark: boolean;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (!host.current) return;
    const ed = monaco.editor.create(host.current, {
      value: latest.current.load.text,
      language: 'sql',
      minimap: { enabled: false },
      automaticLayout: true,
      fontSize: 13,
      scrollBeyondLastLine: false,
      wordBasedSuggestions: 'off',
    });
    editor.current = ed;
    ed.onDidChangeModelContent(() => latest.current.onChange(ed.getValue()));
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => {
      const selection = ed.getSelection();
      const selected = selection && !selection.isEmpty() ? ed.getModel()?.getValueInRange(selection) : undefined;
      latest.current.onRun((selected ?? ed.getValue()).trim());
    });
    const completion = monaco.languages.registerCompletionItemProvider('sql', {
      provideCompletionItems: (model, position) => {
        const word = model.getWordUntilPosition(position);
        const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
        return { suggestions: latest.current.completions.map((c) => ({ label: c.label, insertText: c.insert, detail: c.detail, kind: KIND[c.kind], range })) };
      },
    });
    return () => {
      completion.dispose();
      ed.dispose();
    };
  }, []);

  useEffect(() => {
    monaco.editor.setTheme(props.dark ? 'vs-dark' : 'vs');
  }, [props.dark]);

  // Typing never round-trips through React (a stale render would reset the text mid-keystroke); only loads do.
  useEffect(() => {
    const ed = editor.current;
    if (ed && ed.getValue() !== props.load.text) ed.setValue(props.load.text);
  }, [props.load]);

  return <div className="sql-editor" ref={host} data-testid="sql-editor" />;
}
