import { useEffect, useRef } from 'react';
import type { Marker, SchemaType } from '../../../../shared/model/schemas';
import { jsonDefaults, monaco } from '../../components/monaco-setup';
import { useTheme } from '../../stores/theme-store';
import { AVRO_EDITOR_SCHEMA, JSON_SCHEMA_EDITOR_SCHEMA } from './editor-schemas';

let sequence = 0;
jsonDefaults.setDiagnosticsOptions({
  validate: true,
  allowComments: false,
  trailingCommas: 'error',
  enableSchemaRequest: false,
  schemas: [
    { uri: AVRO_EDITOR_SCHEMA.$id, fileMatch: ['*.avsc.json'], schema: AVRO_EDITOR_SCHEMA },
    { uri: 'floe://json-schema-draft-07', fileMatch: ['*.schema.json'], schema: JSON_SCHEMA_EDITOR_SCHEMA },
  ],
});

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info };

export function languageOf(type: SchemaType): string {
  return type === 'PROTOBUF' ? 'protobuf' : 'json';
}

/**
 * Monaco for one schema: JSON (with completion from Avro's or JSON Schema's own shape) or Protobuf,
 * Floe's markers at their line and column. `reveal` scrolls to a marker when its seq changes.
 */
export function SchemaEditor(props: {
  schemaType: SchemaType;
  /** Text put in from outside (a version, a template); each new `seq` replaces the editor's text. */
  load: { text: string; seq: number };
  onChange?: (text: string) => void;
  markers?: Marker[];
  readOnly?: boolean;
  reveal?: { line: number; column: number; seq: number };
  testId?: string;
  /** Another language than the schema type's own (a contract file is YAML). */
  language?: 'yaml';
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const dark = useTheme((s) => s.theme === 'dark');

  useEffect(() => {
    if (!host.current) return;
    const ext = props.language ?? (props.schemaType === 'AVRO' ? 'avsc.json' : props.schemaType === 'JSON' ? 'schema.json' : 'proto');
    const model = monaco.editor.createModel(latest.current.load.text, props.language ?? languageOf(props.schemaType), monaco.Uri.parse(`floe://draft/${++sequence}.${ext}`));
    const ed = monaco.editor.create(host.current, {
      model,
      readOnly: latest.current.readOnly ?? false,
      minimap: { enabled: false },
      automaticLayout: true,
      fontSize: 13,
      scrollBeyondLastLine: false,
      tabSize: 2,
    });
    editor.current = ed;
    ed.onDidChangeModelContent(() => latest.current.onChange?.(ed.getValue()));
    return () => {
      ed.dispose();
      model.dispose();
    };
  }, [props.schemaType, props.language]);

  useEffect(() => {
    monaco.editor.setTheme(dark ? 'vs-dark' : 'vs');
  }, [dark]);

  useEffect(() => {
    const ed = editor.current;
    if (ed && ed.getValue() !== props.load.text) ed.setValue(props.load.text);
  }, [props.load]);

  useEffect(() => {
    editor.current?.updateOptions({ readOnly: props.readOnly ?? false });
  }, [props.readOnly]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      'floe',
      (props.markers ?? []).map((m) => ({
        startLineNumber: m.line,
        startColumn: m.column,
        endLineNumber: m.endLine ?? m.line,
        endColumn: m.endColumn ?? m.column + 1,
        severity: SEVERITY[m.severity],
        message: m.message,
      })),
    );
  }, [props.markers]);

  useEffect(() => {
    const ed = editor.current;
    if (!ed || !props.reveal) return;
    ed.revealLineInCenter(props.reveal.line);
    ed.setPosition({ lineNumber: props.reveal.line, column: props.reveal.column });
    ed.focus();
  }, [props.reveal]);

  return <div className="schema-editor" ref={host} data-testid={props.testId ?? 'schema-editor'} />;
}
