import type { Marker } from '../../../../shared/model/schemas';
import { JsonSyntaxError, lineColumn, parseJsonTree, type JsonNode } from './json-tree';

/** A marker over text[start, end). */
export function markerAt(text: string, start: number, end: number, message: string, severity: Marker['severity'] = 'error'): Marker {
  const from = lineColumn(text, start);
  const to = lineColumn(text, Math.max(end, start + 1));
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, severity, message };
}

/** A marker over a whole 1-based line. */
export function lineMarker(text: string, line: number, message: string, severity: Marker['severity'] = 'error', column = 1): Marker {
  const content = text.split('\n')[line - 1] ?? '';
  return { line, column, endLine: line, endColumn: Math.max(content.length + 1, column + 1), severity, message };
}

/** JSON text as a position tree, or the marker of its first syntax error. */
export function jsonTreeOrMarker(text: string, what: string): { tree: JsonNode } | { marker: Marker } {
  try {
    return { tree: parseJsonTree(text) };
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return { marker: markerAt(text, e.offset, e.offset + 1, `${what} is not valid JSON: ${e.message}`) };
  }
}
