import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LakeService } from '../../../electron/core/lake/lake-service';
import { isFloeError } from '../../../shared/errors';
import type { CatalogSpec } from '../../../shared/model/lake';
import { buildLakeFixtures, resultRows, type Oracle } from './lake-fixtures';

let oracle: Oracle;
let lake: LakeService;
let catalog: CatalogSpec;
const root = join(import.meta.dirname, '..', '..', '..');

beforeAll(() => {
  oracle = buildLakeFixtures();
  lake = new LakeService(mkdtempSync(join(tmpdir(), 'floe-lake-data-')));
  catalog = { kind: 'sqlite', path: oracle.catalog };
}, 300_000);
afterAll(async () => {
  await lake?.close();
});

/** A fresh fixture set to break (its metadata names absolute paths, so a copy would still read the originals). */
function brokenCopy(): { dir: string; catalog: CatalogSpec } {
  const fresh = buildLakeFixtures();
  return { dir: join(fresh.warehouse, '..'), catalog: { kind: 'sqlite', path: fresh.catalog } };
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isFloeError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('lake: bad input gets a specific message', () => {
  it('SQL cannot read outside Floe\'s folders, write, or change the sandbox', async () => {
    expect(await failure(lake.sql(catalog, "SELECT * FROM read_text('/etc/passwd')", 10))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/sandbox.*\/etc\/passwd/) });
    expect((await failure(lake.sql(catalog, "COPY (SELECT 1) TO '/tmp/floe-x.csv'", 10))).message).toMatch(/sandbox.*\/tmp\/floe-x\.csv|read-only: COPY/);
    expect((await failure(lake.sql(catalog, 'SET enable_external_access = true', 10))).message).toMatch(/read-only/);
    expect((await failure(lake.sql(catalog, 'SELEC 1', 10))).message).toMatch(/^Invalid SQL: Parser Error: syntax error at or near "SELEC"/);
  });

  it('a result of 50M rows stops at the row limit and says so', async () => {
    const r = await lake.sql(undefined, 'SELECT * FROM range(50000000)', 1000);
    expect(r.rowCount).toBe(1000);
    expect(r.truncated).toBe(true);
    expect(r.note).toMatch(/more than 1000 rows/);
  });

  it('a running query is cancelled by its signal', async () => {
    const ac = new AbortController();
    const running = lake.sql(undefined, 'SELECT sum(a.range * b.range) FROM range(100000) a, range(100000) b', 10, ac.signal);
    setTimeout(() => ac.abort(), 200);
    const started = Date.now();
    expect((await failure(running)).code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('names the data file that is gone', { timeout: 120_000 }, async () => {
    const b = brokenCopy();
    const dataDir = join(b.dir, 'warehouse/db/legacy/data');
    const victim = readdirSync(dataDir).find((n) => n.endsWith('.parquet'));
    if (!victim) throw new Error('no data file in fixture');
    rmSync(join(dataDir, victim));
    const f = await failure(lake.preview(b.catalog, { namespace: ['db'], name: 'legacy' }, {}, 10));
    expect(f.code).toBe('NOT_FOUND');
    expect(f.message).toContain(victim);
  });

  it('names the data file whose Parquet footer is broken in a table whose structs are read by field id', { timeout: 120_000 }, async () => {
    const b = brokenCopy();
    const nested = { namespace: ['db'], name: 'nested' };
    const victim = (await lake.files(b.catalog, nested, {})).find((f) => f.content === 'data')?.path;
    if (!victim) throw new Error('no data file in fixture');
    // Still PAR1 at both ends, but the footer length points before the start of the file.
    const path = victim.replace(/^file:\/\//, '');
    const bytes = readFileSync(path);
    bytes.writeUInt32LE(bytes.length, bytes.length - 8);
    writeFileSync(path, bytes);
    const f = await failure(lake.preview(b.catalog, nested, {}, 10));
    expect(f).toEqual({ code: 'STORE_CORRUPT', message: `Parquet file ${victim}: its footer length (${bytes.length}) exceeds the file` });
  });

  it('names the manifest that is not Avro, and the metadata file that is missing or corrupt', { timeout: 120_000 }, async () => {
    const b = brokenCopy();
    const metaDir = join(b.dir, 'warehouse/db/legacy/metadata');
    for (const n of readdirSync(metaDir).filter((x) => x.endsWith('.avro') && !x.startsWith('snap-'))) writeFileSync(join(metaDir, n), 'not avro at all');
    const f = await failure(lake.preview(b.catalog, { namespace: ['db'], name: 'legacy' }, {}, 10));
    expect(f).toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringMatching(/legacy\/metadata\/.*\.avro is not an Avro file/) });

    for (const n of readdirSync(metaDir).filter((x) => x.endsWith('.metadata.json'))) writeFileSync(join(metaDir, n), '{"format-version": 2, "location": ');
    expect((await failure(lake.table(b.catalog, { namespace: ['db'], name: 'legacy' }))).message).toMatch(/metadata\.json is not valid JSON/);

    const db = new Database(join(b.dir, 'catalog.db'));
    db.prepare(`UPDATE iceberg_tables SET metadata_location = '/nowhere/v1.metadata.json' WHERE table_name = 'parts'`).run();
    db.close();
    expect(await failure(lake.table(b.catalog, { namespace: ['db'], name: 'parts' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Table metadata /nowhere/v1.metadata.json does not exist (the catalog row of db.parts points there)',
    });
    expect((await failure(lake.table(b.catalog, { namespace: ['db'], name: 'nope' }))).message).toMatch(/Table db\.nope is not in SQL catalog/);
  });

  it('creates and drops namespaces and tables in a SQL catalog; a new table reads as empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-lake-new-'));
    const spec: CatalogSpec = { kind: 'sqlite', path: join(dir, 'c.db'), warehouse: join(dir, 'wh'), create: true };
    await lake.createNamespace(spec, ['sales']);
    const t = await lake.createTable(spec, { namespace: ['sales'], name: 'orders' }, [{ name: 'id', type: 'long', required: true }, { name: 'amount', type: 'decimal(12, 2)' }]);
    expect(t.schema.map((f) => f.type)).toEqual(['long', 'decimal(12, 2)']);
    const empty = await lake.preview(spec, { namespace: ['sales'], name: 'orders' }, {}, 10);
    expect(empty.rowCount).toBe(0);
    expect(empty.columns.map((c) => c.name)).toEqual(['id', 'amount']);
    expect((await failure(lake.dropNamespace(spec, ['sales']))).code).toBe('CONFLICT');
    await lake.dropTable(spec, { namespace: ['sales'], name: 'orders' });
    await lake.dropNamespace(spec, ['sales']);
    expect(await lake.tables(spec)).toEqual({ namespaces: [], tables: [] });
  });
});

describe('floe CLI lake commands', () => {
  const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-cli-lake-')), FLOE_NO_KEYRING: '1' };
  const floe = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/floe.mjs'), ...args], { env, encoding: 'utf8', timeout: 60_000 });

  it('tables, table show, preview --json and sql --json', () => {
    const cat = `sqlite:${oracle.catalog}`;
    const tables = floe('tables', '--catalog', cat);
    expect(tables.status, tables.stderr).toBe(0);
    expect(tables.stdout).toMatch(/db\s+events/);
    const show = floe('table', 'show', 'db.events', '--catalog', cat);
    expect(show.stdout).toMatch(/partitioned by day\(ts\), identity\(category\)/);
    const first = oracle.tables.find((t) => t.name === 'db.events')?.snapshots[0];
    const preview = floe('table', 'preview', 'db.events', '--catalog', cat, '--snapshot', first?.snapshotId ?? '', '--limit', '1000', '--json');
    expect(preview.status, preview.stderr).toBe(0);
    expect(preview.stdout.trim().split('\n')).toHaveLength(first?.rows.length ?? -1);
    const sql = floe('sql', 'SELECT count(*) AS n FROM db.events', '--catalog', cat, '--json');
    expect(sql.stdout.trim()).toBe(`{"n":${oracle.tables.find((t) => t.name === 'db.events')?.snapshots.at(-1)?.rows.length}}`);
    const bad = floe('table', 'preview', 'db.events', '--catalog', cat, '--snapshot', '12');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^floe: Snapshot 12 is not in this table/);
  });

  it('reads a table from its metadata.json path', async () => {
    const legacy = oracle.tables.find((t) => t.name === 'db.legacy');
    const run = floe('table', 'preview', 'legacy', '--catalog', legacy?.metadataLocation.replace(/^file:\/\//, '') ?? '', '--json');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(legacy?.snapshots.at(-1)?.rows.length ?? -1);
    expect(resultRows(await lake.preview({ kind: 'metadata', location: legacy?.metadataLocation ?? '' }, { namespace: [], name: 'legacy' }, {}, 100))).toHaveLength(5);
  });
});
