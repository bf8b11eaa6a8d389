import { tableFromIPC } from 'apache-arrow';
import type { QueryResult } from '../../../shared/model/lake';

/** The rows of a query result as plain objects (64-bit integers stay bigint). */
export function rowsOf(result: QueryResult): Record<string, unknown>[] {
  return tableFromIPC(result.arrow)
    .toArray()
    .map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());
}
