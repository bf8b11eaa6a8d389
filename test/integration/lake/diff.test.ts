import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../electron/core/engine/arrow-rows';
import type { CatalogSpec, SnapshotDiff, TableId } from '../../../shared/model/lake';
import { startCore } from '../core-session';
import { buildLakeFixtures, type Oracle, type OracleSnapshot } from './lake-fixtures';
import { buildJavaFixtures, type JavaOracle } from './java-fixtures';

const root = join(import.meta.dirname, '..', '..', '..');
let oracle: Oracle;
let java: JavaOracle;
let core: ReturnType<typeof startCore>;
let catalog: CatalogSpec;
const events: TableId = { namespace: ['db'], name: 'events' };

beforeAll(() => {
  oracle = buildLakeFixtures();
  java = buildJavaFixtures().deletes;
  core = startCore(mkdtempSync(join(tmpdir(), 'floe-no-lab-')));
  catalog = { kind: 'sqlite', path: oracle.catalog };
}, 300_000);
afterAll(async () => {
  await core?.close();
});

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** Rows of one change kind of a diff, over the compared columns, canonical and sorted. */
function floeRows(d: SnapshotDiff, change: string): string[] {
  return rowsOf(d.rows)
    .filter((r) => r.change === change)
    .map((r) => JSON.stringify(d.columns.map((c) => text(r[c]))))
    .sort();
}

/** The multiset difference a − b of the pyiceberg oracle's rows, projected on the diff's columns (renames mapped). */
function oracleMinus(a: OracleSnapshot, aNames: (c: string) => string, b: OracleSnapshot, bNames: (c: string) => string, columns: string[]): string[] {
  const counts = new Map<string, number>();
  for (const r of b.rows) {
    const k = JSON.stringify(columns.map((c) => r[bNames(c)] ?? null));
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const out: string[] = [];
  for (const r of a.rows) {
    const k = JSON.stringify(columns.map((c) => r[aNames(c)] ?? null));
    const n = counts.get(k) ?? 0;
    if (n > 0) counts.set(k, n - 1);
    else out.push(k);
  }
  return out.sort();
}

const eventsOracle = () => {
  const t = oracle.tables.find((x) => x.name === 'db.events');
  if (!t) throw new Error('fixture lacks db.events');
  return t;
};
const diff = (from: string, to: string, keys: string[] = [], limit = 10_000) =>
  core.client.call('lake.diff', { catalog, table: events, from: BigInt(from), to: BigInt(to), keys, limit });

describe('lake.diff against the pyiceberg fixtures', () => {
  it('every step of db.events (and first → last) adds and removes exactly the oracle\'s multiset difference', async () => {
    const snaps = eventsOracle().snapshots;
    const pairs: [OracleSnapshot, OracleSnapshot][] = snaps.slice(1).map((s, i) => [snaps[i] as OracleSnapshot, s]);
    pairs.push([snaps[0] as OracleSnapshot, snaps.at(-1) as OracleSnapshot]);
    for (const [a, b] of pairs) {
      const d = await diff(a.snapshotId, b.snapshotId);
      const fromName = (c: string) => d.renamed.find((r) => r.to === c)?.from ?? c;
      const label = `${a.snapshotId} → ${b.snapshotId}`;
      expect(d.columns.every((c) => b.columns.includes(c) && a.columns.includes(fromName(c))), label).toBe(true);
      expect(floeRows(d, 'added'), `${label} added`).toEqual(oracleMinus(b, (c) => c, a, fromName, d.columns));
      expect(floeRows(d, 'removed'), `${label} removed`).toEqual(oracleMinus(a, fromName, b, (c) => c, d.columns));
      expect(d.counts).toEqual({ added: floeRows(d, 'added').length, removed: floeRows(d, 'removed').length, changed: 0 });
    }
  });

  it('compares a renamed and a promoted column by field id, and names the columns it skipped', async () => {
    const snaps = eventsOracle().snapshots;
    // The 4th → 5th snapshot spans the rename name → label, the new column note and qty int → long; 30 rows were appended.
    const d = await diff(snaps[3]?.snapshotId ?? '', snaps[4]?.snapshotId ?? '');
    expect(d.renamed).toEqual([{ from: 'name', to: 'label' }]);
    expect(d.skipped).toEqual([{ name: 'note', side: 'to' }]);
    expect(d.columns).toEqual(['id', 'label', 'qty', 'price', 'ts', 'category']);
    expect(d.counts).toEqual({ added: 30, removed: 0, changed: 0 });
    expect(rowsOf(d.rows).map((r) => Number(r.id))).toEqual(Array.from({ length: 30 }, (_, i) => 150 + i));
    // The tag before the drop of note → the last snapshot: note is only in the older one.
    const tag = eventsOracle().refs['before-drop'] ?? '';
    const keyed = await diff(tag, snaps.at(-1)?.snapshotId ?? '', ['id']);
    expect(keyed.skipped).toEqual([{ name: 'note', side: 'from' }]);
    const ids = (change: string) => rowsOf(keyed.rows).filter((r) => r.change === change).map((r) => Number(r.id));
    expect(ids('removed')).toEqual([160, ...Array.from({ length: 10 }, (_, i) => 190 + i)]);
    expect(ids('added')).toEqual([500, 501, 502, 503, 504]);
    expect(keyed.counts).toEqual({ added: 5, removed: 11, changed: 0 });
  });

  it('cuts the rows at the limit but counts them all', async () => {
    const snaps = eventsOracle().snapshots;
    const d = await diff(snaps[0]?.snapshotId ?? '', snaps[1]?.snapshotId ?? '', [], 7);
    expect(d.rows.rowCount).toBe(7);
    expect(d.rows.truncated).toBe(true);
    expect(d.counts.added).toBe(50);
  });

  it('refuses a key column the snapshots do not share, and an unknown snapshot, naming them', async () => {
    const snaps = eventsOracle().snapshots;
    await expect(diff(snaps[3]?.snapshotId ?? '', snaps[4]?.snapshotId ?? '', ['note'])).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/Key column note \(only one snapshot has it\)/) });
    await expect(diff(snaps[0]?.snapshotId ?? '', '12')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/Snapshot 12 is not in this table/) });
  });
});

describe('lake.diff with keys over Java Iceberg deletes', () => {
  it('a key deleted and written again with other values is one changed row, with its old values in before', async () => {
    const seq = (n: string) => BigInt(java.snapshots.find((s) => s.sequenceNumber === n)?.snapshotId ?? '0');
    const spec: CatalogSpec = { kind: 'metadata', location: java.metadataLocation };
    const d = await core.client.call('lake.diff', { catalog: spec, table: { namespace: [], name: 'deletes' }, from: seq('2'), to: seq('4'), keys: ['id'], limit: 100 });
    expect(d.counts).toEqual({ added: 1, removed: 1, changed: 2 });
    const rows = rowsOf(d.rows).map((r) => ({ change: r.change, id: Number(r.id), name: r.name, before: r.before === null ? null : JSON.parse(String(r.before)) }));
    expect(rows).toEqual([
      { change: 'added', id: 200, name: 'b200', before: null },
      { change: 'changed', id: 5, name: 'five again', before: { name: 'five', part: 'a' } },
      { change: 'changed', id: 103, name: 'b103 again', before: { name: 'b103', part: 'b' } },
      { change: 'removed', id: 105, name: 'b105', before: null },
    ]);
  });
});

describe('floe table diff', () => {
  const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-cli-diff-')), FLOE_NO_KEYRING: '1' };
  const floe = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/floe.mjs'), ...args], { env, encoding: 'utf8', timeout: 60_000 });

  it('prints the rows and counts, or one JSON document with --json', () => {
    const snaps = eventsOracle().snapshots;
    const cat = `sqlite:${oracle.catalog}`;
    const args = ['table', 'diff', 'db.events', '--catalog', cat, '--from', snaps[1]?.snapshotId ?? '', '--to', snaps[2]?.snapshotId ?? '', '--key', 'id'];
    const run = floe(...args);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^change\s+id\s+name\s+qty\s+price\s+ts\s+category\s+before$/);
    expect(run.stderr).toMatch(/0 added, 7 removed, 0 changed \(key id\)/);
    const json = floe(...args, '--json');
    expect(json.status, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout) as { counts: unknown; keys: string[]; rows: { change: string; id: number }[] };
    expect(doc.counts).toEqual({ added: 0, removed: 7, changed: 0 });
    expect(doc.keys).toEqual(['id']);
    expect(doc.rows.map((r) => `${r.change}:${r.id}`)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `removed:${i}`));
    const bad = floe('table', 'diff', 'db.events', '--catalog', cat, '--from', 'x', '--to', '1');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^floe: --from takes a snapshot id \(digits\), not "x"/);
  });
});
