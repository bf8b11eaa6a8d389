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

type Tree = string | null | Tree[] | { [k: string]: Tree };

/** A nested value (DuckDB's JSON of it) as canon.py writes one: leaves as text, maps as [key, value] pairs sorted by key. */
function tree(v: unknown): Tree {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) {
    const isMap = v.length > 0 && v.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e) && Object.keys(e).join() === 'key,value');
    if (!isMap) return v.map(tree);
    const pairs = v.map((e: { key: unknown; value: unknown }) => [tree(e.key), tree(e.value)] as Tree[]);
    return pairs.sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1));
  }
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tree(x)]));
  return canon(v);
}

/** DuckDB types whose values cross as JSON text (structs, lists, maps). */
const NESTED = /^(STRUCT\(|MAP\(|UNION\()|\]$/;

/** Rows of a query result, canonical and sorted, for multiset comparison. */
export function resultRows(result: QueryResult): string[] {
  const nested = new Set(result.columns.filter((c) => NESTED.test(c.type)).map((c) => c.name));
  return tableFromIPC(result.arrow)
    .toArray()
    .map((r: { toJSON(): Record<string, unknown> }) =>
      JSON.stringify(Object.fromEntries(Object.entries(r.toJSON()).map(([k, v]) => [k, nested.has(k) && typeof v === 'string' ? JSON.stringify(tree(JSON.parse(v))) : canon(v)]))),
    )
    .sort();
}

export function oracleRows(s: OracleSnapshot): string[] {
  return s.rows.map((r) => JSON.stringify(Object.fromEntries(s.columns.map((c) => [c, r[c] ?? null])))).sort();
}
