import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { monaco } from '../../components/monaco-setup';
import { nameBefore, type CompletionItem } from './completion';

const KIND = {
  table: monaco.languages.CompletionItemKind.Class,
  column: monaco.languages.CompletionItemKind.Field,
  keyword: monaco.languages.CompletionItemKind.Keyword,
  snapshot: monaco.languages.CompletionItemKind.Reference,
};

/** One Monaco model per tab, kept while Floe runs: leaving the room or switching tabs keeps text, cursor and undo. */
const models = new Map<string, monaco.editor.ITextModel>();

function modelOf(tabId: string, text: string): monaco.editor.ITextModel {
  let model = models.get(tabId);
  if (!model || model.isDisposed()) {
    model = monaco.editor.createModel(text, 'sql');
    models.set(tabId, model);
  }
  return model;
}

/** Forgets a closed tab's model. */
export function disposeTabModel(tabId: string): void {
  models.get(tabId)?.dispose();
  models.delete(tabId);
}

export interface SqlEditorApi {
  /** Types text at the cursor (replacing a selection), as if typed: undo takes it back. */
  insert(text: string): void;
  /** Replaces all text (a history entry), undoable. */
  replaceAll(text: string): void;
}

/** Completions for the text before the cursor: the fixed list, or (after `table@`) a table's snapshots, fetched on demand. */
export type CompletionSource = (lineBefore: string, sql: string) => CompletionItem[] | Promise<CompletionItem[]>;

/** Monaco with SQL highlighting, completion of tables, columns and snapshots, and Ctrl/Cmd+Enter to run the selection (or everything). */
export const SqlEditor = forwardRef<SqlEditorApi, { tabId: string; text: string; onChange: (v: string) => void; onRun: (sql: string) => void; complete: CompletionSource; dark: boolean }>(
  function SqlEditor(props, ref) {
    const host = useRef<HTMLDivElement>(null);
    const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
    const latest = useRef(props);
    latest.current = props;

    useImperativeHandle(ref, () => ({
      insert: (text) => {
        const ed = editor.current;
        const selection = ed?.getSelection();
        if (!ed || !selection) return;
        ed.executeEdits('floe', [{ range: selection, text, forceMoveMarkers: true }]);
        ed.focus();
      },
      replaceAll: (text) => {
        const ed = editor.current;
        const model = ed?.getModel();
        if (!ed || !model) return;
        ed.executeEdits('floe', [{ range: model.getFullModelRange(), text }]);
        ed.focus();
      },
    }));

    useEffect(() => {
      if (!host.current) return;
      const ed = monaco.editor.create(host.current, {
        model: modelOf(latest.current.tabId, latest.current.text),
        minimap: { enabled: false },
        automaticLayout: true,
        fontSize: 13,
        scrollBeyondLastLine: false,
        wordBasedSuggestions: 'off',
        fixedOverflowWidgets: true,
      });
      editor.current = ed;
      ed.onDidChangeModelContent(() => latest.current.onChange(ed.getValue()));
      ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => {
        const selection = ed.getSelection();
        const selected = selection && !selection.isEmpty() ? ed.getModel()?.getValueInRange(selection) : undefined;
        latest.current.onRun((selected ?? ed.getValue()).trim());
      });
      const completion = monaco.languages.registerCompletionItemProvider('sql', {
        triggerCharacters: ['@', '.'],
        provideCompletionItems: async (model, position) => {
          const lineBefore = model.getValueInRange({ startLineNumber: position.lineNumber, startColumn: 1, endLineNumber: position.lineNumber, endColumn: position.column });
          const word = model.getWordUntilPosition(position);
          const at = (startColumn: number) => ({ startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn, endColumn: position.column });
          const wholeName = at(position.column - nameBefore(lineBefore).length);
          const items = await latest.current.complete(lineBefore, model.getValue());
          return {
            suggestions: items.map((c) => ({
              label: c.label,
              insertText: c.insert,
              detail: c.detail,
              kind: KIND[c.kind],
              sortText: c.sort,
              ...(c.filter ? { filterText: c.filter } : {}),
              range: c.wholeName ? wholeName : at(word.startColumn),
            })),
          };
        },
      });
      return () => {
        completion.dispose();
        // The tab's model outlives the editor (it holds the tab's text and undo history).
        ed.setModel(null);
        ed.dispose();
        editor.current = null;
      };
    }, []);

    useEffect(() => {
      const ed = editor.current;
      if (ed && ed.getModel() !== models.get(props.tabId)) {
        ed.setModel(modelOf(props.tabId, latest.current.text));
        ed.focus();
      }
    }, [props.tabId]);

    useEffect(() => {
      monaco.editor.setTheme(props.dark ? 'vs-dark' : 'vs');
    }, [props.dark]);

    return <div className="sql-editor" ref={host} data-testid="sql-editor" />;
  },
);
