import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Catalog } from '../../../electron/core/lake/catalog/catalog';
import type { FileIO } from '../../../electron/core/lake/io/file-io';
import { parseLocation } from '../../../electron/core/lake/io/object-store';
import type { S3Connection } from '../../../electron/core/lake/io/store-connections';
import { LakeService } from '../../../electron/core/lake/lake-service';
import { ParquetWriter } from '../../../electron/core/lake/writer/parquet-writer';
import { MaintainService } from '../../../electron/core/maintain/maintain-service';
import type { CatalogSpec, TableId } from '../../../shared/model/lake';
import { appendRows, assertOracles, assertReferencedExist, deleteRows, pythons, rowAt, type OracleTable, type RowPlaces } from './maintain-fixtures';
import type { S3Lab } from './s3-fixtures';
import { pyIn } from './writer-fixtures';

// Maintenance of a table in the lab's S3 bucket (versitygw): pyiceberg creates it there, Floe's writer appends small
// files and position deletes over S3, then compaction, manifest rewrite, expiry and orphan removal run through the object store; after
// each, pyiceberg and DuckDB's iceberg extension (httpfs) read the same rows, row for row, and a listing of the bucket
// proves every referenced object is still there.

const lab = inject('lab');
const s3 = lab.s3 as S3Lab;
const id: TableId = { namespace: ['landed'], name: 'orders' };
const prefix = `maintain-s3-${Date.now().toString(36)}`;
const env = { FLOE_S3_ENDPOINT: s3.endpoint, FLOE_S3_REGION: s3.region, FLOE_S3_ACCESS_KEY_ID: s3.accessKeyId, FLOE_S3_SECRET_ACCESS_KEY: s3.secretAccessKey };
const connection: S3Connection = { endpoint: s3.endpoint, region: s3.region, pathStyle: true, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
let dir: string;
let spec: CatalogSpec;
let lake: LakeService;
let maintain: MaintainService;
let catalog: Catalog;
let io: FileIO;
let parquet: ParquetWriter;
let oracle: OracleTable;
const places: RowPlaces = new Map();
let live: Record<string, unknown>[] = [];
const w = () => ({ catalog, io, parquet, staging: join(dir, 'staging') });
const key = (r: Record<string, unknown>) => String(r.id);
const listing = async () => new Set((await io.listTree((await catalog.loadTable(id)).metadata.location)).map((f) => f.uri));

/** The lab's versitygw keeps each object as a file (posix backend) whose mtime is the object's LastModified. */
function backdate(uri: string, ms: number) {
  const loc = parseLocation(uri);
  if (loc.scheme !== 's3') throw new Error(`${uri} is not on S3`);
  const at = (Date.now() - ms) / 1000;
  utimesSync(join(lab.home, 's3', 'data', loc.bucket, loc.key), at, at);
}

beforeAll(async () => {
  const { python, duckPython } = pythons();
  dir = mkdtempSync(join(tmpdir(), 'floe-maintain-s3-'));
  const catalogPath = join(dir, 'catalog.db');
  pyIn({ ...process.env, ...env }, python, 'create', catalogPath, `s3://${s3.bucket}/${prefix}`, 'landed.orders');
  spec = { kind: 'sqlite', path: catalogPath, objectStore: { profileId: 'lab' } };
  lake = new LakeService(join(dir, 'floe-data'), () => connection);
  maintain = new MaintainService(() => lake, join(dir, 'floe-data'));
  catalog = await lake.catalog(spec);
  io = lake.stores.get(spec.objectStore).io;
  parquet = await ParquetWriter.open(join(dir, 'staging'), []);
  oracle = { python, duckPython, catalogPath, name: 'landed.orders', catalog, io, id, env };
}, 300_000);

afterAll(async () => {
  parquet?.close();
  await lake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('table maintenance on S3 (the lab bucket)', () => {
  it('compacts small files and folds position deletes over S3; pyiceberg and DuckDB read the same rows', { timeout: 300_000 }, async () => {
    expect((await catalog.loadTable(id)).metadata.location).toMatch(new RegExp(`^s3://${s3.bucket}/${prefix}/`));
    for (let c = 0; c < 4; c++) {
      const rows = Array.from({ length: 48 }, (_, i) => rowAt(c * 48 + i));
      await appendRows(w(), id, rows, key, places);
      live.push(...rows);
    }
    const gone = live.filter((r) => Number(r.id) % 10 === 3).map(key);
    await deleteRows(w(), id, gone, places);
    live = live.filter((r) => !gone.includes(key(r)));
    await assertOracles(oracle, live, 'before compaction');

    const health = await maintain.health(spec, id);
    expect(health).toMatchObject({ dataFiles: 32, smallFiles: 32, snapshots: 5 });
    expect(health.deleteFiles).toBeGreaterThan(0);
    expect(health.suggestions.map((s) => s.operation)).toContain('compact');

    const before = await listing();
    const dry = await maintain.compact(spec, id, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, counts: { filesBefore: 32, rewrittenFiles: 32, filesAfter: 8 } });
    expect(await listing()).toEqual(before);

    const done = await maintain.compact(spec, id);
    expect(done).toMatchObject({ dryRun: false, attempts: 1, counts: { filesBefore: 32, filesAfter: 8 } });
    for (const f of done.added) expect(f).toMatch(new RegExp(`^s3://${s3.bucket}/${prefix}/.*-compacted\\.parquet$`));
    expect(await maintain.health(spec, id)).toMatchObject({ dataFiles: 8, deleteFiles: 0 });
    await assertOracles(oracle, live, 'after compaction');
    const { listed } = await assertReferencedExist(oracle);
    // Compaction only adds: the rewritten files stay for the older snapshots until expired.
    for (const f of before) expect(listed.has(f), f).toBe(true);
  });

  it('rewrites manifests over S3 into one without changing a row', { timeout: 300_000 }, async () => {
    const before = await maintain.health(spec, id);
    expect(before.manifests).toBeGreaterThan(1);
    const r = await maintain.rewriteManifests(spec, id, { entriesPerManifest: 1000 });
    expect(r.counts).toEqual({ manifestsBefore: before.manifests, manifestsAfter: 1 });
    for (const f of r.added) expect(f).toMatch(new RegExp(`^s3://${s3.bucket}/${prefix}/.*\\.avro$`));
    await assertOracles(oracle, live, 'after rewriting manifests');
  });

  it('expires old snapshots and deletes from the bucket only objects no remaining snapshot references', { timeout: 300_000 }, async () => {
    const t = await catalog.loadTable(id);
    const before = await listing();
    const dry = await maintain.expire(spec, id, { olderThanMs: 0, retainLast: 1, dryRun: true });
    expect(dry.counts).toMatchObject({ expiredSnapshots: t.metadata.snapshots.length - 1 });
    expect(await listing()).toEqual(before);

    const r = await maintain.expire(spec, id, { olderThanMs: 0, retainLast: 1 });
    expect(r.counts).toMatchObject({ snapshotsAfter: 1, deletedFiles: dry.counts.deletedFiles });
    expect(r.counts.deletedFiles).toBeGreaterThanOrEqual(32); // the small files, their delete files, manifests and lists
    const { listed } = await assertReferencedExist(oracle);
    const deleted = r.removed.filter((x) => !x.startsWith('snapshot '));
    for (const f of deleted) expect(listed.has(f), `${f} was expired`).toBe(false);
    expect([...before].filter((f) => !listed.has(f)).sort()).toEqual([...deleted].sort());
    await assertOracles(oracle, live, 'after expiry');
  });

  it('removes orphan objects older than the safety age, never a referenced or a young one (proved by listing the bucket)', { timeout: 300_000 }, async () => {
    const location = (await catalog.loadTable(id)).metadata.location;
    const old = `${location}/data/stray/old.parquet`;
    const young = `${location}/data/stray/young.parquet`;
    const oldManifest = `${location}/metadata/crashed-m0.avro`;
    await io.write(old, new TextEncoder().encode('left by a crashed writer'));
    await io.write(oldManifest, new TextEncoder().encode('a manifest never committed'));
    await io.write(young, new TextEncoder().encode('being committed right now'));
    backdate(old, 7 * 86_400_000);
    backdate(oldManifest, 7 * 86_400_000);
    // Every object the table references is old too: only references keep them.
    const { refs } = await assertReferencedExist(oracle);
    for (const f of refs) backdate(f, 7 * 86_400_000);

    const before = await listing();
    const dry = await maintain.orphans(spec, id, { olderThanMs: 3 * 86_400_000, dryRun: true });
    expect(dry.removed.sort()).toEqual([oldManifest, old].sort());
    expect(await listing()).toEqual(before);
    const r = await maintain.orphans(spec, id, { olderThanMs: 3 * 86_400_000 });
    expect(r.removed.sort()).toEqual([oldManifest, old].sort());
    expect(r.kept.map((k) => k.what)).toContain(young);
    const { listed } = await assertReferencedExist(oracle);
    expect([...before].filter((f) => !listed.has(f)).sort()).toEqual([oldManifest, old].sort());
    expect(listed.has(young)).toBe(true);
    await assertOracles(oracle, live, 'after orphan removal');
  });
});
