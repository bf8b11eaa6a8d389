import { useEffect, useRef } from 'react';
import type { SchemaType } from '../../../../shared/model/schemas';
import { monaco } from '../../components/monaco-setup';
import { useTheme } from '../../stores/theme-store';
import { languageOf } from './SchemaEditor';

/** Monaco's side-by-side diff of two schema texts (read only). */
export function DiffEditor(props: { schemaType: SchemaType; before: string; after: string }) {
  const host = useRef<HTMLDivElement>(null);
  const dark = useTheme((s) => s.theme === 'dark');

  useEffect(() => {
    if (!host.current) return;
    const language = languageOf(props.schemaType);
    const original = monaco.editor.createModel(props.before, language);
    const modified = monaco.editor.createModel(props.after, language);
    const diff = monaco.editor.createDiffEditor(host.current, { readOnly: true, automaticLayout: true, minimap: { enabled: false }, renderSideBySide: true, fontSize: 12 });
    diff.setModel({ original, modified });
    return () => {
      diff.dispose();
      original.dispose();
      modified.dispose();
    };
  }, [props.schemaType, props.before, props.after]);

  useEffect(() => {
    monaco.editor.setTheme(dark ? 'vs-dark' : 'vs');
  }, [dark]);

  return <div className="schema-diff-editor" ref={host} data-testid="diff-editor" />;
}
