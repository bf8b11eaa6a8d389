import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { QueryResult } from '../../../shared/model/lake';

const root = join(import.meta.dirname, '..', '..', '..');

export interface OracleSnapshot {
  snapshotId: string;
  timestampMs: number;
  columns: string[];
  rows: Record<string, string | null>[];
}

export interface OracleTable {
  name: string;
  metadataLocation: string;
  formatVersion: number;
  snapshots: OracleSnapshot[];
  refs: Record<string, string>;
}

export interface Oracle {
  catalog: string;
  warehouse: string;
  tables: OracleTable[];
}

/** Builds the pyiceberg fixture tables in a fresh folder (venv made once by scripts/python-oracles.sh; the SQLite addon by scripts/build-native.sh). */
export function buildLakeFixtures(): Oracle {
  execFileSync('bash', [join(root, 'scripts/build-native.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const python = execFileSync('bash', [join(root, 'scripts/python-oracles.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'floe-lake-'));
  execFileSync(python, [join(root, 'test/fixtures/lake/build_tables.py'), dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(readFileSync(join(dir, 'oracle.json'), 'utf8')) as Oracle;
}

/** A value as the oracle script writes it: integers and decimals as digits, floats shortest, temporals as DuckDB prints them. */
function canon(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/** Rows of a query result, canonical and sorted, for multiset comparison. */
export function resultRows(result: QueryResult): string[] {
  return tableFromIPC(result.arrow)
    .toArray()
    .map((r: { toJSON(): Record<string, unknown> }) => JSON.stringify(Object.fromEntries(Object.entries(r.toJSON()).map(([k, v]) => [k, canon(v)]))))
    .sort();
}

export function oracleRows(s: OracleSnapshot): string[] {
  return s.rows.map((r) => JSON.stringify(Object.fromEntries(s.columns.map((c) => [c, r[c] ?? null])))).sort();
}
