import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LakeService } from '../../../electron/core/lake/lake-service';
import type { S3Connection } from '../../../electron/core/lake/io/store-connections';
import { isFloeError } from '../../../shared/errors';
import type { CatalogSpec, TableId } from '../../../shared/model/lake';
import { resultRows } from './lake-fixtures';
import { buildS3HostileTables, type S3Lab } from './s3-fixtures';

const lab = inject('lab');
const s3 = lab.s3 as S3Lab;
const connection: S3Connection = { endpoint: s3.endpoint, region: s3.region, pathStyle: true, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
let fixtures: ReturnType<typeof buildS3HostileTables>;
let lake: LakeService;
let dataDir: string;

const catalog = (): CatalogSpec => ({ kind: 'sqlite', path: fixtures.catalog, objectStore: { profileId: 'lab-s3' } });
const id = (name: string): TableId => ({ namespace: ['db'], name: name.replace(/^db\./, '') });

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isFloeError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}

async function expectRefused(sql: string): Promise<void> {
  expect((await failure(lake.sql(undefined, sql, 10))).message, sql).toMatch(/^Refused by Floe's SQL sandbox/);
}

beforeAll(() => {
  fixtures = buildS3HostileTables(s3, `lake-sandbox-${Date.now().toString(36)}`);
  dataDir = mkdtempSync(join(tmpdir(), 'floe-lake-sandbox-s3-'));
  lake = new LakeService(dataDir, () => connection);
}, 300_000);
afterAll(async () => {
  await lake?.close();
});

describe('SQL sandbox: S3 tables whose manifests name files outside their location', () => {
  it('refuses each by name; a non-Parquet object fetched into the cache is never granted to SQL', async () => {
    const cache = join(dataDir, 'lake', 'cache');
    for (const t of fixtures.tables.filter((x) => x.attack !== null)) {
      const f = await failure(lake.preview(catalog(), id(t.name), {}, 10));
      expect(f.code, `${t.name} (${t.attack})`).toBe('BAD_INPUT');
      expect(f.message, `${t.name} (${t.attack})`).toContain(t.path);
      expect(f.message, `${t.name} (${t.attack})`).toMatch(t.name === 'db.s3text' ? /is not a Parquet file/ : /outside the table's location/);
      await expectRefused("SELECT content FROM read_text('/etc/passwd')");
      await expectRefused(`SELECT content FROM read_text('${cache}/*')`);
    }
    // The text object was fetched (it is inside its table's location) but SQL cannot read the copy.
    const copies = readdirSync(cache);
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) await expectRefused(`SELECT content FROM read_text('${join(cache, copy)}')`);
  });

  it('the honest table reads, and only its own cached files become readable', async () => {
    const victim = await lake.preview(catalog(), id('db.s3victim'), {}, 10);
    expect(resultRows(victim)).toEqual(['{"id":"1","name":"n1"}', '{"id":"2","name":"n2"}']);
    const cache = join(dataDir, 'lake', 'cache');
    const readable: string[] = [];
    for (const copy of readdirSync(cache)) {
      const r = await lake.sql(undefined, `SELECT count(*) AS n FROM read_parquet('${join(cache, copy)}')`, 10).catch(() => null);
      if (r) readable.push(copy);
    }
    expect(readable).toHaveLength(1);
    await expectRefused("SELECT content FROM read_text('/etc/passwd')");
  });
});
