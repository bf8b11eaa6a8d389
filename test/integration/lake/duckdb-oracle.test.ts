import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LakeService } from '../../../electron/core/lake/lake-service';
import type { CatalogSpec, SnapshotView, TableId } from '../../../shared/model/lake';
import { buildLakeFixtures, oracleRows, resultRows, type OracleSnapshot } from './lake-fixtures';

// A second opinion beside pyiceberg (lake-oracle.test.ts): DuckDB 1.4.4 with its iceberg extension, both from PyPI
// (scripts/python-duckdb.sh), scans every snapshot of the same pyiceberg-written tables straight from their
// metadata.json (test/fixtures/lake/duckdb_scan.py). Floe must return the same columns and the same multiset of rows.
// Where DuckDB itself refuses a snapshot, that case is skipped with DuckDB's words, never passed; a refusal of a
// plain append (nothing but data files added) fails, since any Iceberg reader must read those.

/**
 * Columns where DuckDB's extension is known to differ, left out of the comparison (pyiceberg compares them in
 * oracle.test.ts). db.nested's n.core: in files written before all of its members were replaced, DuckDB returns
 * a struct of nulls even where the struct itself is null; pyiceberg (and Floe) keep it null there.
 */
const KNOWN_DIFFERENCES: Record<string, string[]> = { 'db.nested': ['n'] };

function withoutColumns(rows: string[], drop: string[]): string[] {
  if (drop.length === 0) return rows;
  return rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(r) as Record<string, unknown>).filter(([k]) => !drop.includes(k))))).sort();
}

const root = join(import.meta.dirname, '..', '..', '..');
const idOf = (name: string): TableId => ({ namespace: name.split('.').slice(0, -1), name: name.split('.').pop() ?? '' });

// Built while collecting, so that every snapshot is a test of its own that can be skipped alone.
const oracle = buildLakeFixtures();
const duckPython = execFileSync('bash', [join(root, 'scripts/python-duckdb.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();

type DuckScan = { columns: string[]; rows: OracleSnapshot['rows'] } | { refused: string };

function duckScan(metadataLocation: string, snapshotId?: string): DuckScan {
  const args = [join(root, 'test/fixtures/lake/duckdb_scan.py'), metadataLocation, ...(snapshotId ? [snapshotId] : [])];
  return JSON.parse(execFileSync(duckPython, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 })) as DuckScan;
}

let lake: LakeService;
const catalog: CatalogSpec = { kind: 'sqlite', path: oracle.catalog };
const compared = new Set<string>();
const refused = new Map<string, string>();
const plainAppends = new Set<string>();
const snapshotViews = new Map<string, SnapshotView[]>();

async function viewsOf(table: string): Promise<SnapshotView[]> {
  let views = snapshotViews.get(table);
  if (!views) {
    views = await lake.snapshots(catalog, idOf(table));
    snapshotViews.set(table, views);
  }
  return views;
}

/** An append whose snapshot adds data files only, under the table's first schema. */
function isPlainAppend(views: SnapshotView[], snapshotId: string): boolean {
  const view = views.find((v) => v.snapshotId.toString() === snapshotId);
  const firstSchema = views[0]?.schemaId;
  return view?.operation === 'append' && view.schemaId === firstSchema && (view.summary['added-delete-files'] ?? '0') === '0' && (view.summary['deleted-data-files'] ?? '0') === '0';
}

beforeAll(() => {
  lake = new LakeService(mkdtempSync(join(tmpdir(), 'floe-lake-data-')));
});
afterAll(async () => {
  await lake?.close();
});

const cases = oracle.tables.flatMap((table) => [
  ...table.snapshots.map((snap, i) => ({ label: `${table.name} snapshot ${i + 1}/${table.snapshots.length} (${snap.snapshotId})`, table, snapshotId: snap.snapshotId as string | undefined })),
  { label: `${table.name} current snapshot`, table, snapshotId: undefined },
]);

describe('Iceberg reader against DuckDB 1.4.4 + iceberg extension (second opinion)', () => {
  it.for(cases)('$label: Floe and DuckDB read the same rows', async ({ table, snapshotId }, ctx) => {
    const key = `${table.name}@${snapshotId ?? 'current'}`;
    const views = await viewsOf(table.name);
    const effective = snapshotId ?? views.find((v) => v.refs.includes('main'))?.snapshotId.toString() ?? table.snapshots.at(-1)?.snapshotId ?? '';
    const plain = isPlainAppend(views, effective);
    if (plain && snapshotId) plainAppends.add(key);

    const duck = duckScan(table.metadataLocation, snapshotId);
    if ('refused' in duck) {
      refused.set(key, duck.refused);
      if (plain) expect.fail(`DuckDB refused a plain append ${key}: ${duck.refused}`);
      ctx.skip(`DuckDB's iceberg extension refused ${key}: ${duck.refused}`);
      return;
    }
    const floe = await lake.preview(catalog, idOf(table.name), snapshotId ? { snapshotId: BigInt(snapshotId) } : {}, 100_000);
    expect(floe.columns.map((c) => c.name), `${key} columns`).toEqual(duck.columns);
    const duckRows = oracleRows({ snapshotId: effective, timestampMs: 0, columns: duck.columns, rows: duck.rows });
    expect(duckRows.length, `${key}: DuckDB scanned no rows`).toBeGreaterThan(0);
    const drop = KNOWN_DIFFERENCES[table.name] ?? [];
    expect(withoutColumns(resultRows(floe), drop), key).toEqual(withoutColumns(duckRows, drop));
    compared.add(key);
  });

  it('compared every plain-append snapshot with DuckDB', () => {
    expect(plainAppends.size, 'the fixtures have plain appends').toBeGreaterThanOrEqual(5);
    for (const key of plainAppends) expect(compared.has(key), `${key} (plain append) was compared with DuckDB`).toBe(true);
    expect(compared.size + refused.size, 'every case ran').toBe(cases.length);
    if (refused.size) console.warn(`DuckDB refused ${refused.size} of ${cases.length}:\n${[...refused].map(([k, why]) => `  ${k}: ${why}`).join('\n')}`);
  });
});
