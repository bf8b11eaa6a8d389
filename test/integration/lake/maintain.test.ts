import { mkdtempSync, rmSync, utimesSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../electron/core/lake/catalog/catalog';
import { SqlCatalog } from '../../../electron/core/lake/catalog/sql-catalog';
import { FileIO } from '../../../electron/core/lake/io/file-io';
import { parseLocation } from '../../../electron/core/lake/io/object-store';
import { LakeService } from '../../../electron/core/lake/lake-service';
import { ParquetWriter } from '../../../electron/core/lake/writer/parquet-writer';
import { compactTable } from '../../../electron/core/maintain/compact';
import { MaintainService } from '../../../electron/core/maintain/maintain-service';
import { fileKey } from '../../../electron/core/maintain/orphans';
import type { TableId } from '../../../shared/model/lake';
import { appendRows, assertOracles as checkOracles, assertReferencedExist as referencedExist, deleteRows, pythons, rowAt, type RowPlaces } from './maintain-fixtures';
import { py } from './writer-fixtures';

// Maintenance of a partitioned table with every Iceberg type: after each operation pyiceberg and DuckDB's iceberg
// extension read the same rows as before, row for row; nothing a snapshot references is ever deleted (checked by listing).

const id: TableId = { namespace: ['landed'], name: 'orders' };
let dir: string;
let catalogPath: string;
let python: string;
let duckPython: string;
let io: FileIO;
let catalog: SqlCatalog;
let parquet: ParquetWriter;
let lake: LakeService;
let maintain: MaintainService;
const places: RowPlaces = new Map();
let live: Record<string, unknown>[] = [];
const spec = () => ({ kind: 'sqlite' as const, path: catalogPath });
const w = () => ({ catalog, io, parquet, staging: join(dir, 'staging') });

const key = (r: Record<string, unknown>) => String(r.id);
const localPath = (uri: string) => {
  const loc = parseLocation(uri);
  if (loc.scheme !== 'file') throw new Error(`${uri} is not local`);
  return loc.path;
};

async function current() {
  return catalog.loadTable(id);
}

const oracleTable = () => ({ python, duckPython, catalogPath, name: 'landed.orders', catalog, io, id });
const assertOracles = (label: string) => checkOracles(oracleTable(), live, label);
const assertReferencedExist = () => referencedExist(oracleTable());

beforeAll(async () => {
  ({ python, duckPython } = pythons());
  dir = mkdtempSync(join(tmpdir(), 'floe-maintain-'));
  catalogPath = join(dir, 'catalog.db');
  py(python, 'create', catalogPath, join(dir, 'warehouse'), 'landed.orders');
  io = new FileIO({ cacheDir: join(dir, 'cache') });
  catalog = await SqlCatalog.open(io, { path: catalogPath });
  parquet = await ParquetWriter.open(join(dir, 'staging'), [join(dir, 'warehouse')]);
  lake = new LakeService(join(dir, 'floe-data'));
  maintain = new MaintainService(() => lake, join(dir, 'floe-data'));
}, 300_000);

afterAll(async () => {
  parquet?.close();
  catalog?.close();
  io?.close();
  await lake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('table maintenance', () => {
  it('a dry run on a table without snapshots says there is nothing to do', async () => {
    const r = await maintain.compact(spec(), id, { dryRun: true });
    expect(r.message).toMatch(/has no snapshot yet: there is nothing to compact/);
    expect((await maintain.expire(spec(), id, { dryRun: true })).message).toMatch(/No snapshot of landed.orders to expire/);
    expect((await maintain.rewriteManifests(spec(), id, { dryRun: true })).message).toMatch(/no manifests to rewrite/);
  });

  it('compacts small files and folds position deletes; pyiceberg and DuckDB read the same rows before and after', { timeout: 300_000 }, async () => {
    for (let c = 0; c < 6; c++) {
      const rows = Array.from({ length: 96 }, (_, i) => rowAt(c * 96 + i));
      await appendRows(w(), id, rows, key, places);
      live.push(...rows);
    }
    const gone = live.filter((r) => Number(r.id) % 10 === 3).map(key);
    await deleteRows(w(), id, gone, places);
    live = live.filter((r) => !gone.includes(key(r)));
    await assertOracles('before compaction');

    const health = await maintain.health(spec(), id);
    expect(health).toMatchObject({ dataFiles: 48, smallFiles: 48, snapshots: 7 });
    expect(health.deleteFiles).toBeGreaterThan(0);
    expect(health.suggestions.map((s) => s.operation)).toContain('compact');

    const snapshotsBefore = (await current()).metadata.snapshots.length;
    const dry = await maintain.compact(spec(), id, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, snapshotId: null, counts: { filesBefore: 48, rewrittenFiles: 48, filesAfter: 8 } });
    expect(dry.message).toMatch(/^Would rewrite 48 data files .* in 8 partitions into 8 files .*folding in and dropping \d+ delete files/);
    expect((await current()).metadata.snapshots.length).toBe(snapshotsBefore);

    const done = await maintain.compact(spec(), id);
    expect(done).toMatchObject({ dryRun: false, attempts: 1, counts: { filesBefore: 48, filesAfter: 8 } });
    const t = await current();
    const snap = t.metadata.snapshots.find((s) => s.snapshotId === t.metadata.currentSnapshotId)!;
    expect(snap.summary).toMatchObject({ operation: 'replace', 'total-data-files': '8', 'total-delete-files': '0', 'total-records': String(live.length) });
    const after = await maintain.health(spec(), id);
    expect(after).toMatchObject({ dataFiles: 8, deleteFiles: 0 });
    await assertOracles('after compaction');
    // Time travel to the snapshots before still reads (the rewritten files stay until expired).
    await assertReferencedExist();
  });

  it('rewrites manifests into fewer without changing a row', { timeout: 300_000 }, async () => {
    const before = await maintain.health(spec(), id);
    const dry = await maintain.rewriteManifests(spec(), id, { entriesPerManifest: 1000, dryRun: true });
    const r = await maintain.rewriteManifests(spec(), id, { entriesPerManifest: 1000 });
    expect(r.counts.manifestsBefore).toBe(before.manifests);
    // The run names the manifests it replaced, as its dry run did.
    expect([...r.removed].sort()).toEqual([...dry.removed].sort());
    expect(r.counts.manifestsAfter).toBe(1);
    expect((await maintain.health(spec(), id)).manifests).toBe(1);
    await assertOracles('after rewriting manifests');
    expect((await maintain.rewriteManifests(spec(), id, { dryRun: true })).message).toMatch(/^Nothing to rewrite/);
  });

  it('expires old snapshots and deletes only files no remaining snapshot references', { timeout: 300_000 }, async () => {
    const t = await current();
    const files = new Set((await io.listTree(t.metadata.location)).map((f) => f.uri));
    const dry = await maintain.expire(spec(), id, { olderThanMs: 0, retainLast: 2, dryRun: true });
    expect(dry.counts.expiredSnapshots).toBe(t.metadata.snapshots.length - 2);
    expect((await current()).metadataLocation).toBe(t.metadataLocation);
    const r = await maintain.expire(spec(), id, { olderThanMs: 0, retainLast: 2 });
    expect(r.counts).toMatchObject({ snapshotsAfter: 2, expiredSnapshots: t.metadata.snapshots.length - 2 });
    expect(r.counts.deletedFiles).toBeGreaterThan(48); // the 48 small files, their manifests, lists and delete files
    const { listed } = await assertReferencedExist();
    for (const f of r.removed.filter((x) => !x.startsWith('snapshot '))) expect(listed.has(f)).toBe(false);
    expect(listed.size).toBe(files.size - r.counts.deletedFiles! + 1); // and the new metadata file
    await assertOracles('after expiry');
  });

  it('removes orphan files older than the safety age, never a referenced or a young one (proved by listing)', { timeout: 300_000 }, async () => {
    const t = await current();
    const tableDir = localPath(t.metadata.location);
    const dataDir = join(tableDir, 'data', 'stray');
    mkdirSync(dataDir, { recursive: true });
    const old = join(dataDir, 'old.parquet');
    const young = join(dataDir, 'young.parquet');
    writeFileSync(old, 'left by a crashed writer');
    writeFileSync(young, 'being committed right now');
    const weekAgo = (Date.now() - 7 * 86_400_000) / 1000;
    utimesSync(old, weekAgo, weekAgo);
    const before = new Set((await io.listTree(t.metadata.location)).map((f) => f.uri));
    const dry = await maintain.orphans(spec(), id, { dryRun: true });
    expect(dry.removed.map(fileKey)).toEqual([old]);
    expect(existsSync(old)).toBe(true);
    const r = await maintain.orphans(spec(), id, {});
    expect(r.removed.map(fileKey)).toEqual([old]);
    expect(r.kept.map((k) => fileKey(k.what))).toContain(young);
    const { listed } = await assertReferencedExist();
    expect([...before].filter((f) => !listed.has(f)).map(fileKey)).toEqual([old]);
    await assertOracles('after orphan removal');
  });

  it('a compaction racing another writer commits on its snapshot; one racing deletes on its files gives up cleanly', { timeout: 300_000 }, async () => {
    for (let c = 0; c < 3; c++) {
      const rows = Array.from({ length: 48 }, (_, i) => rowAt(10_000 + c * 48 + i));
      await appendRows(w(), id, rows, key, places);
      live.push(...rows);
    }
    // Another writer appends while the compaction is about to commit.
    let raced = false;
    const racing: Catalog = Object.assign(Object.create(catalog) as Catalog, {
      commitTable: async (tid: TableId, base: string, next: string) => {
        if (!raced) {
          raced = true;
          const extra = Array.from({ length: 8 }, (_, i) => rowAt(20_000 + i));
          await appendRows(w(), id, extra, key, places);
          live.push(...extra);
        }
        return catalog.commitTable(tid, base, next);
      },
    });
    const stagingDir = join(dir, 'race-staging');
    mkdirSync(stagingDir, { recursive: true });
    const r = await compactTable({ catalog: racing, io, id, stagingDir }, {});
    expect(r.attempts).toBe(2);
    await assertOracles('after a compaction that raced an append');
    expect((await maintain.health(spec(), id)).dataFiles).toBeLessThanOrEqual(8 + 8); // compacted + the racing append's files

    // Another writer deletes rows of the files being rewritten, every time: the compaction gives up, changes nothing.
    const victims = [...live.slice(-8)];
    let n = 0;
    const deleting: Catalog = Object.assign(Object.create(catalog) as Catalog, {
      commitTable: async (tid: TableId, base: string, next: string) => {
        const v = victims[n++];
        if (v) {
          await deleteRows(w(), id, [key(v)], places);
          live = live.filter((x) => key(x) !== key(v));
        }
        return catalog.commitTable(tid, base, next);
      },
    });
    const listedBefore = (await io.listTree((await current()).metadata.location)).filter((f) => f.uri.includes('compacted.parquet')).length;
    await expect(compactTable({ catalog: deleting, io, id, stagingDir }, {})).rejects.toThrow(/Compaction of landed.orders gave up after 3 rounds: another writer committed deletes .* reaching .*Nothing was changed/);
    const listedAfter = (await io.listTree((await current()).metadata.location)).filter((f) => f.uri.includes('compacted.parquet')).length;
    expect(listedAfter).toBe(listedBefore);
    await assertOracles('after a compaction that gave up');
  });

  it('says which table is missing, which file vanished, and which argument is wrong', { timeout: 120_000 }, async () => {
    await expect(maintain.compact(spec(), { namespace: ['landed'], name: 'nope' })).rejects.toThrow(/Table landed.nope is not in/);
    await expect(maintain.compact(spec(), id, { targetFileBytes: 5 })).rejects.toThrow(/at least 1024 bytes/);
    await expect(maintain.orphans(spec(), id, { olderThanMs: 1000 })).rejects.toThrow(/safety age is at least one minute/);
    const extra = Array.from({ length: 8 }, (_, i) => rowAt(30_000 + i));
    await appendRows(w(), id, extra, key, places);
    const t = await current();
    const victim = places.get(key(extra[0]!))!.path;
    rmSync(localPath(victim));
    await expect(maintain.compact(spec(), id)).rejects.toThrow(new RegExp(`File ${victim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} of table landed.orders .* is missing`));
    expect((await current()).metadataLocation).toBe(t.metadataLocation);
  });
  it('only dry-runs a table opened read-only from a metadata file: a real run is refused before it writes or deletes anything', { timeout: 120_000 }, async () => {
    const t = await current();
    const tableDir = localPath(t.metadata.location);
    const stray = join(tableDir, 'data', 'stray', 'crashed.parquet');
    writeFileSync(stray, 'left by a crashed writer');
    const weekAgo = (Date.now() - 7 * 86_400_000) / 1000;
    utimesSync(stray, weekAgo, weekAgo);
    const ro = { kind: 'metadata' as const, location: t.metadataLocation };
    const roId = { namespace: [], name: 'orders' };
    const before = new Set((await io.listTree(t.metadata.location)).map((f) => f.uri));
    // An older metadata file may not know files newer snapshots reference: its "orphans" could be live data.
    expect((await maintain.orphans(ro, roId, { dryRun: true })).removed.map(fileKey)).toEqual([stray]);
    for (const run of [() => maintain.orphans(ro, roId, {}), () => maintain.compact(ro, roId, {}), () => maintain.expire(ro, roId, { olderThanMs: 0 }), () => maintain.rewriteManifests(ro, roId, { entriesPerManifest: 1 })])
      await expect(run()).rejects.toThrow(/^table .*metadata\.json is opened read-only: it cannot run maintenance, which changes the table \(Floe commits only to SQL catalogs\); a dry run still says what it would do$/);
    expect(new Set((await io.listTree(t.metadata.location)).map((f) => f.uri))).toEqual(before);
    expect((await current()).metadataLocation).toBe(t.metadataLocation);
    rmSync(stray);
  });
});
