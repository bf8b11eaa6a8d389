import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../electron/core/lake/catalog/catalog';
import { openCatalog } from '../../../electron/core/lake/catalog/open-catalog';
import { FileIO } from '../../../electron/core/lake/io/file-io';
import { ScanPlanner } from '../../../electron/core/lake/scan/planner';
import { ParquetWriter } from '../../../electron/core/lake/writer/parquet-writer';
import { LandBatch } from '../../../electron/core/land/land-batch';
import type { LandedPart } from '../../../electron/core/land/land-decoder';
import { LandTable } from '../../../electron/core/land/land-table';
import { field } from '../../../electron/core/land/type-mapping/mapped-schema';
import { compactTable } from '../../../electron/core/maintain/compact';
import { filesOf, ManifestReader } from '../../../electron/core/maintain/reachable-files';
import { LandJobSpec } from '../../../shared/model/land';
import type { TableId } from '../../../shared/model/lake';
import { icebergRows, landingCatalog } from './land-fixtures';

// A landing that upserts (position deletes from its key index) and a compaction of the same table, each forced to
// commit in the middle of the other: whichever loses the race must redo its work on the winner's snapshot, so every
// key is in the table exactly once with its latest value (read by pyiceberg).

const KEYS = 60;
const fields = [field('id', { kind: 'long' }, true), field('seq', { kind: 'long' }, true), field('note', { kind: 'string' }, false)];
const part = (row: Record<string, unknown>): LandedPart => ({ schemaKey: 'test:orders', schemaText: '', mapped: { fields, convert: (v) => v as Record<string, unknown>, notes: [] }, row });
const keyPart = (n: number): LandedPart => ({ schemaKey: 'test:key', schemaText: '', mapped: { fields: [fields[0]!], convert: (v) => v as Record<string, unknown>, notes: [] }, row: { id: BigInt(n) } });

let dir: string;
let io: FileIO;
let parquet: ParquetWriter;
let catalog: Catalog;
let staging: string;
const lake = landingCatalog();
const spec = (table: string) =>
  LandJobSpec.parse({ name: table, profileId: 'none', topic: 'orders', mode: 'upsert', keyFields: ['id'], catalog: { kind: 'sqlite', path: lake.path, warehouse: lake.warehouse, create: true }, table: { namespace: ['race'], name: table } });
let seq = 0;
let offset = 0;
let latest = new Map<number, number>();

/** A landing job's table as the runner holds it, committing through `through` (a catalog that may race). */
async function landing(table: string, through: Catalog): Promise<LandTable> {
  const jobDir = join(dir, table);
  mkdirSync(jobDir, { recursive: true });
  offset = 0;
  latest = new Map();
  const t = new LandTable(spec(table), through, io, new ScanPlanner(io), join(jobDir, 'key-index.json'));
  await t.load();
  await t.prepare(keyPart(0), part({ id: 0n, seq: 0n, note: null }), false, async () => parquet, staging);
  return t;
}

/** Upserts `ids` with fresh sequence numbers in one batch and commits it as the runner does. */
async function upsert(t: LandTable, ids: number[]): Promise<void> {
  const batch = new LandBatch(t.target!, parquet, io, staging);
  for (const n of ids) {
    seq++;
    await batch.add({ kind: 'upsert', key: JSON.stringify([String(n)]), row: { id: BigInt(n), seq: BigInt(seq), note: `v${seq}` } }, Date.now());
  }
  offset += ids.length;
  await t.commitBatch(batch, 'job-race', new Map([[0, offset]]), async () => parquet, staging);
  latest = new Map([...latest, ...ids.map((n, i) => [n, seq - ids.length + 1 + i] as const)]);
}

/** pyiceberg reads every key once, with its latest sequence number. */
function expectExactlyLatest(t: LandTable, label: string) {
  const { rows } = icebergRows(lake.path, [...t.id.namespace, t.id.name].join('.'));
  const got = rows.map((r) => [Number(r.id), Number(r.seq)] as const).sort((a, b) => a[0] - b[0]);
  expect(got, label).toEqual([...latest].sort((a, b) => a[0] - b[0]));
}

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const compaction = (through: Catalog, id: TableId) => compactTable({ catalog: through, io, id, stagingDir: join(dir, 'compact-staging') }, {});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'floe-land-race-'));
  staging = join(dir, 'staging');
  mkdirSync(join(dir, 'compact-staging'), { recursive: true });
  io = new FileIO({ cacheDir: join(dir, 'cache') });
  parquet = await ParquetWriter.open(staging, [lake.warehouse]);
  catalog = await openCatalog(io, spec('any').catalog);
}, 120_000);

afterAll(() => {
  parquet?.close();
  catalog?.close();
});

describe('landing and compaction racing each other', () => {
  it('an upsert whose commit loses to a compaction rebuilds its key index on the compacted files and deletes there', { timeout: 180_000 }, async () => {
    // The compaction commits after the landing refreshed its index and wrote its deletes, before its commit lands.
    let raced = 0;
    const racing: Catalog = Object.assign(Object.create(catalog) as Catalog, {
      commitTable: async (tid: TableId, base: string, next: string) => {
        if (arm && raced++ === 0) {
          const r = await compaction(catalog, tid);
          expect(r.counts.addedFiles).toBe(1);
        }
        return catalog.commitTable(tid, base, next);
      },
    });
    let arm = false;
    const t = await landing('compacted_under', racing);
    await upsert(t, ids(0, KEYS));
    await upsert(t, ids(0, KEYS / 2));
    await upsert(t, ids(KEYS / 4, KEYS));
    expectExactlyLatest(t, 'before the race');
    arm = true;
    await upsert(t, ids(0, KEYS)); // every key again: each old version must be deleted in the compacted file
    expect(raced).toBeGreaterThanOrEqual(2);
    expectExactlyLatest(t, 'after a compaction committed under the landing');
    // The delete files and manifests of the round the landing gave up were removed: every file under the table is referenced.
    const t2 = await catalog.loadTable(t.id);
    const referenced = new Set<string>();
    for (const s of t2.metadata.snapshots) await filesOf(new ManifestReader(io), s, referenced);
    const stray = (await io.listTree(t2.metadata.location)).map((f) => f.uri).filter((u) => !referenced.has(u) && !/\.metadata\.json$/.test(u));
    expect(stray).toEqual([]);
    arm = false;
    await upsert(t, ids(KEYS / 3, KEYS)); // the index the landing kept after the race is right
    expectExactlyLatest(t, 'after the next commit');
  });

  it('a compaction whose commit loses to the landing’s deletes on its files plans again and keeps the landed values', { timeout: 180_000 }, async () => {
    const t = await landing('landed_under', catalog);
    await upsert(t, ids(0, KEYS / 2));
    await upsert(t, ids(KEYS / 2, KEYS));
    let landed = 0;
    const racing: Catalog = Object.assign(Object.create(catalog) as Catalog, {
      commitTable: async (tid: TableId, base: string, next: string) => {
        if (landed++ === 0) await upsert(t, ids(0, KEYS)); // deletes every key's row, in the files being compacted
        return catalog.commitTable(tid, base, next);
      },
    });
    const r = await compaction(racing, t.id);
    expect(landed).toBeGreaterThanOrEqual(2);
    expect(r.message).toMatch(/^Rewrote/);
    expectExactlyLatest(t, 'after a compaction that lost to the landing');
    await upsert(t, ids(0, KEYS / 2)); // the landing's index no longer names the compacted-away files
    expectExactlyLatest(t, 'after the landing’s next commit');
  });
});
