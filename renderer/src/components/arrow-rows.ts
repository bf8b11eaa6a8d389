import { tableFromIPC } from 'apache-arrow';
import type { QueryResult } from '../../../shared/model/lake';
import { displayJson, parseExactJson } from '../../../shared/exact-json';

export type Cell = string | number | boolean | bigint | null;

export interface Rows {
  columns: { name: string; type: string }[];
  rows: Cell[][];
}

/** A JS value from Arrow as a plain cell: dates as ISO text, nested values as JSON, bytes as hex. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('');
  const json = (value as { toJSON?: () => unknown }).toJSON?.() ?? value;
  return JSON.stringify(json, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** Decodes a query result's Arrow IPC stream into rows for the grid (the core caps the row count). */
export function rowsOf(result: QueryResult): Rows {
  const table = tableFromIPC(result.arrow);
  const fields = table.schema.fields;
  const vectors = fields.map((_, i) => table.getChildAt(i));
  const rows: Cell[][] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) rows[r] = vectors.map((v) => toCell(v?.get(r)));
  return { columns: result.columns, rows };
}

export function cellText(cell: Cell): string {
  if (cell === null) return 'NULL';
  return typeof cell === 'bigint' ? cell.toString() : String(cell);
}

/** A cell's text for reading: JSON objects and arrays indented (every digit kept), anything else as it is. */
export function readableCell(text: string): string {
  if (!/^\s*[[{]/.test(text)) return text;
  try {
    return displayJson(parseExactJson(text), 2);
  } catch {
    return text;
  }
}
