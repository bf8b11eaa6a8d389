// Monaco, bundled (never loaded from a CDN): the editor API, the languages Floe edits (SQL, JSON for
// Avro and JSON Schema, Protobuf) and their web workers, served from Floe's own origin (the CSP
// allows workers from 'self' only). One environment for every editor in the app.
//
// `editor.api` is the bare editor: no suggest widget, no Ctrl+Space, no find, no clipboard or comment
// commands. Those are editor contributions that `editor.main` (the all-languages bundle) imports for
// their side effects; a build that imports only `editor.api` has completion providers nobody asks.
// The contributions Floe's editors use are imported here, one by one (editor.main's list, minus the rest).
// Not `features/suggest/register`: in 0.57 it brings only the inline-completions adapter, not the
// SuggestController that owns the widget and Ctrl+Space (editor.main imports that module directly).
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/comment/browser/comment';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo';
import 'monaco-editor/features/find/register';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations';
import 'monaco-editor/editor/common/standaloneStrings';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/languages/definitions/sql/register';
import 'monaco-editor/languages/definitions/protobuf/register';
import 'monaco-editor/languages/definitions/yaml/register';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';

(self as unknown as { MonacoEnvironment: { getWorker: (id: string, label: string) => Worker } }).MonacoEnvironment = {
  getWorker: (_id, label) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};

export { monaco, jsonDefaults };
