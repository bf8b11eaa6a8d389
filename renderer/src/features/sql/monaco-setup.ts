// Monaco, bundled (never loaded from a CDN): the editor API, the SQL grammar, and its one web worker
// served from Floe's own origin (the CSP allows workers from 'self' only).
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/sql/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

(self as unknown as { MonacoEnvironment: { getWorker: () => Worker } }).MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };
