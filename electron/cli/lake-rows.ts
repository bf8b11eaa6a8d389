import type { QueryResult } from '../../shared/model/lake';
import { rowsOf } from '../core/engine/arrow-rows';
import { stringifyExactJson } from '../core/lake/spec/exact-json';
import { table, type Io } from './output';

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v;
  return stringifyExactJson(v);
}

/** Prints rows: JSON Lines with --json (integers exact), else an aligned table. Notes go to stderr. */
export function printRows(result: QueryResult, json: boolean, io: Io): void {
  const rows = rowsOf(result);
  if (json) {
    for (const r of rows) io.out(stringifyExactJson(r));
  } else {
    const names = result.columns.map((c) => c.name);
    io.out(table(names, rows.map((r) => names.map((n) => cell(r[n])))));
  }
  io.err(`${result.rowCount} rows in ${result.elapsedMs} ms${result.note ? ` (${result.note})` : ''}`);
}
