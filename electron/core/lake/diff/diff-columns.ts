import { FloeError } from '../../../../shared/errors';
import type { Schema } from '../spec/metadata';
import { duckdbType, typeToString } from '../spec/types';

/** A column both snapshots have (same field id), named as in the later schema. */
export interface ComparedColumn {
  name: string;
  /** Its name in the `from` snapshot's schema (differs after a rename). */
  fromName: string;
  /** The DuckDB type to cast the `from` value to when the type was promoted (int → long, float → double…). */
  castFrom?: string;
}

export interface SkippedColumn {
  name: string;
  /** The only side that has it: `from` (dropped since) or `to` (added since). */
  side: 'from' | 'to';
}

export interface DiffColumns {
  compared: ComparedColumn[];
  skipped: SkippedColumn[];
}

/**
 * The columns two snapshots share, matched by Iceberg field id (so a renamed column is still the same column);
 * columns only one side has are skipped and named.
 */
export function diffColumns(from: Schema, to: Schema): DiffColumns {
  const before = new Map(from.fields.map((f) => [f.id, f]));
  const compared: ComparedColumn[] = [];
  const skipped: SkippedColumn[] = [];
  for (const f of to.fields) {
    const old = before.get(f.id);
    if (!old) {
      skipped.push({ name: f.name, side: 'to' });
      continue;
    }
    const promoted = typeToString(old.type) !== typeToString(f.type);
    compared.push({ name: f.name, fromName: old.name, ...(promoted ? { castFrom: duckdbType(f.type) } : {}) });
  }
  const later = new Set(to.fields.map((f) => f.id));
  for (const f of from.fields) if (!later.has(f.id)) skipped.push({ name: f.name, side: 'from' });
  return { compared, skipped };
}

/** Checks that the snapshots share a column and that every key is a shared column; names the ones that are not. */
export function checkKeys(keys: string[], columns: DiffColumns): void {
  if (columns.compared.length === 0)
    throw new FloeError('BAD_INPUT', `The two snapshots share no column (${columns.skipped.map((s) => s.name).join(', ') || 'none'} are each on one side only): nothing to compare`);
  const names = new Set(columns.compared.map((c) => c.name));
  const bad = keys.filter((k) => !names.has(k));
  if (bad.length === 0) return;
  const skipped = new Set(columns.skipped.map((s) => s.name));
  const why = bad.map((k) => (skipped.has(k) ? `${k} (only one snapshot has it)` : k)).join(', ');
  throw new FloeError('BAD_INPUT', `Key column ${why} is not a column both snapshots have (they share: ${[...names].join(', ') || 'none'})`);
}
