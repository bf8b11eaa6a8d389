import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { S3Store } from '../../../electron/core/lake/io/s3-store';
import { LakeService } from '../../../electron/core/lake/lake-service';
import type { S3Connection } from '../../../electron/core/lake/io/store-connections';
import { createS3Client } from '../../../electron/core/objectstore/s3-client';
import { runCli } from '../../../electron/cli/main';
import { isFloeError } from '../../../shared/errors';
import type { CatalogSpec } from '../../../shared/model/lake';
import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import { startCore } from '../core-session';
import { oracleRows, resultRows } from './lake-fixtures';
import { buildS3Table, type S3Lab } from './s3-fixtures';

const lab = inject('lab');
const s3 = lab.s3 as S3Lab;
const orders = { namespace: ['db'], name: 'orders' };
let oracle: ReturnType<typeof buildS3Table>;
let table: ReturnType<typeof buildS3Table>['tables'][number];
const connection: S3Connection = { endpoint: s3.endpoint, region: s3.region, pathStyle: true, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
const services: LakeService[] = [];
const service = (dataDir = mkdtempSync(join(tmpdir(), 'floe-lake-s3-data-')), conn: S3Connection = connection) => {
  const s = new LakeService(dataDir, () => conn);
  services.push(s);
  return s;
};
const viaLab = (): CatalogSpec => ({ kind: 'sqlite', path: oracle.catalog, objectStore: { profileId: LOCAL_LAB_PROFILE_ID } });

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isFloeError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}

beforeAll(() => {
  oracle = buildS3Table(s3, `lake-s3-${Date.now().toString(36)}`);
  table = oracle.tables[0] as typeof table;
}, 300_000);
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  for (const s of services) await s.close();
});

describe('Iceberg tables on S3 (pyiceberg wrote them into the lab bucket)', () => {
  it('lists and reads every snapshot through a profile\'s object store, equal to pyiceberg\'s scan', async () => {
    const core = startCore(lab.home);
    try {
      const catalog = viaLab();
      const listed = await core.client.call('lake.tables', { catalog });
      expect(listed.tables).toEqual([orders]);
      const view = await core.client.call('lake.table', { catalog, table: orders });
      expect(view.location).toMatch(new RegExp(`^s3://${s3.bucket}/`));
      expect(table.snapshots.length).toBeGreaterThanOrEqual(5);
      for (const snap of table.snapshots) {
        const result = await core.client.call('lake.preview', { catalog, table: orders, at: { snapshotId: BigInt(snap.snapshotId) }, limit: 10_000 });
        expect(resultRows(result), `snapshot ${snap.snapshotId}`).toEqual(oracleRows(snap));
      }
      // The deletes took rows away: the last snapshot has fewer rows than were appended.
      expect(table.snapshots.at(-1)?.rows.length).toBeLessThan(100);
    } finally {
      await core.close();
    }
  });

  it('data files are fetched once: a repeated read, even by a new service on the same data folder, GETs no data file', async () => {
    const reads: string[] = [];
    const original = S3Store.prototype.read;
    vi.spyOn(S3Store.prototype, 'read').mockImplementation(function (this: S3Store, key, range) {
      reads.push(key);
      return original.call(this, key, range);
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'floe-lake-s3-cache-'));
    const catalog: CatalogSpec = { kind: 'sqlite', path: oracle.catalog, objectStore: { profileId: 'any' } };
    const first = service(dataDir);
    const last = table.snapshots.at(-1);
    if (!last) throw new Error('no snapshots');
    expect(resultRows(await first.preview(catalog, orders, {}, 10_000))).toEqual(oracleRows(last));
    const parquet = () => reads.filter((k) => k.endsWith('.parquet'));
    expect(parquet().sort()).toEqual(table.currentFiles.map((f) => f.replace(/^s3:\/\/[^/]+\//, '')).sort());
    await first.close();

    reads.length = 0;
    const second = service(dataDir);
    expect(resultRows(await second.preview(catalog, orders, {}, 10_000))).toEqual(oracleRows(last));
    expect(parquet()).toEqual([]);
    expect(reads.length).toBeGreaterThan(0); // metadata, manifest list and manifests are still read from S3
  });

  it('wrong keys fail with AUTH_FAILED naming the bucket', async () => {
    const core = startCore(lab.home);
    try {
      const saved = await core.client.call('connections.save', {
        name: 'wrong keys',
        kafka: { bootstrap: [lab.kafka.plaintext], security: { protocol: 'PLAINTEXT' } },
        objectStore: { kind: 's3', endpoint: s3.endpoint, region: s3.region, bucket: s3.bucket, pathStyle: true, accessKeyId: s3.accessKeyId },
        secrets: { s3SecretAccessKey: 'not-the-secret' },
      });
      const err = await failure(core.client.call('lake.table', { catalog: { kind: 'sqlite', path: oracle.catalog, objectStore: { profileId: saved.id } }, table: orders }));
      expect(err.code).toBe('AUTH_FAILED');
      expect(err.message).toContain(`bucket "${s3.bucket}"`);
    } finally {
      await core.close();
    }
  });

  it('opens a table straight from its s3:// folder (the newest metadata file found by listing)', async () => {
    const folder = table.metadataLocation.replace(/\/metadata\/[^/]+$/, '');
    const spec: CatalogSpec = { kind: 'metadata', location: folder, objectStore: { profileId: 'any' } };
    const lake = service();
    expect((await lake.tables(spec)).tables).toEqual([{ namespace: [], name: 'orders' }]);
    expect((await lake.table(spec, { namespace: [], name: 'orders' })).metadataLocation).toBe(table.metadataLocation);
    expect(resultRows(await lake.preview(spec, { namespace: [], name: 'orders' }, {}, 10_000))).toEqual(oracleRows(table.snapshots.at(-1) ?? table.snapshots[0]!));
  });

  it('a missing bucket is named as such', async () => {
    const spec: CatalogSpec = { kind: 'metadata', location: 's3://floe-no-such-bucket/t/metadata/v1.metadata.json', objectStore: { profileId: 'any' } };
    const err = await failure(service().table(spec, { namespace: [], name: 't' }));
    expect(err).toEqual({ code: 'NOT_FOUND', message: `Bucket "floe-no-such-bucket" does not exist at ${s3.endpoint}` });
  });

  it('a deleted data object fails with NOT_FOUND naming the file', async () => {
    const fresh = buildS3Table(s3, `lake-s3-gone-${Date.now().toString(36)}`);
    const gone = fresh.tables[0]?.currentFiles[0];
    if (!gone) throw new Error('fixture has no files');
    const client = createS3Client({ ...connection, bucket: s3.bucket });
    await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: gone.replace(/^s3:\/\/[^/]+\//, '') }));
    client.destroy();
    const err = await failure(service().preview({ kind: 'sqlite', path: fresh.catalog, objectStore: { profileId: 'any' } }, orders, {}, 10));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain(`File ${gone} of table db.orders`);
  }, 120_000);

  it('the CLI reads S3 tables with --s3-* flags and keys from the environment', async () => {
    const saved = { ...process.env };
    process.env.FLOE_HOME = mkdtempSync(join(tmpdir(), 'floe-cli-s3-'));
    process.env.FLOE_NO_KEYRING = '1';
    process.env.FLOE_S3_ACCESS_KEY_ID = s3.accessKeyId;
    process.env.FLOE_S3_SECRET_ACCESS_KEY = s3.secretAccessKey;
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) };
    try {
      const flags = ['--catalog', `sqlite:${oracle.catalog}`, '--s3-endpoint', s3.endpoint, '--s3-region', s3.region, '--s3-path-style'];
      expect(await runCli(['table', 'preview', 'db.orders', ...flags, '--json', '--limit', '1000'], io), err.join('\n')).toBe(0);
      expect(out.length).toBe(table.snapshots.at(-1)?.rows.length);
      process.env.FLOE_S3_SECRET_ACCESS_KEY = 'wrong';
      expect(await runCli(['table', 'show', 'db.orders', ...flags], io)).toBe(1);
      expect(err.at(-1)).toContain(`bucket "${s3.bucket}": access denied`);
      delete process.env.FLOE_S3_SECRET_ACCESS_KEY;
      expect(await runCli(['table', 'show', 'db.orders', ...flags], io)).toBe(2);
      expect(err.at(-1)).toMatch(/FLOE_S3_SECRET_ACCESS_KEY/);
    } finally {
      process.env = saved;
    }
  });
});
