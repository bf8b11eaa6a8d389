import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../electron/cli/main';
import { rowsOf } from '../../../electron/core/engine/arrow-rows';
import { stringifyExactJson } from '../../../electron/core/lake/spec/exact-json';
import { isFloeError } from '../../../shared/errors';
import type { CatalogSpec } from '../../../shared/model/lake';
import { startCore } from '../core-session';
import { buildLakeFixtures, type Oracle } from './lake-fixtures';

const lab = inject('lab');
let oracle: Oracle;
let core: ReturnType<typeof startCore>;
let catalog: CatalogSpec;
const SQL = 'SELECT id, label, qty, price, ts, category FROM db.events ORDER BY id';

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isFloeError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}

/** Rows of a file read back by a plain DuckDB (not Floe's), as exact JSON text. */
async function readBack(sql: string): Promise<string[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    const reader = await conn.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((r) => stringifyExactJson(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]))));
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

beforeAll(() => {
  oracle = buildLakeFixtures();
  core = startCore(lab.home);
  catalog = { kind: 'sqlite', path: oracle.catalog };
}, 300_000);
afterAll(async () => {
  await core?.close();
});

describe('lake.export writes a query result from the core', () => {
  it('Parquet reads back identical to the query result; CSV and JSON Lines hold the same rows', async () => {
    const exports = join(core.dataDir, 'exports');
    // Decimals and timestamps compared as DuckDB prints them, on both sides.
    const asText = 'id, label, qty, price::VARCHAR AS price, ts::VARCHAR AS ts, category';
    const expected = await core.client.call('lake.sql', { catalog, sql: `SELECT ${asText} FROM (${SQL})`, limit: 100_000 });
    const want = rowsOf(expected).map((r) => stringifyExactJson(r));
    expect(want.length).toBeGreaterThan(100);

    const parquet = await core.client.call('lake.export', { catalog, sql: SQL, format: 'parquet', path: join(exports, 'events.parquet') });
    expect(parquet).toMatchObject({ path: join(exports, 'events.parquet'), format: 'parquet', rowCount: expected.rowCount });
    expect(parquet.sizeBytes).toBeGreaterThan(0);
    const got = await readBack(`SELECT ${asText} FROM read_parquet('${parquet.path}')`);
    expect(got).toEqual(want);
    const types = await readBack(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${parquet.path}'))`);
    expect(types).toEqual(
      [['id', 'BIGINT'], ['label', 'VARCHAR'], ['qty', 'BIGINT'], ['price', 'DECIMAL(10,2)'], ['ts', 'TIMESTAMP'], ['category', 'VARCHAR']].map(([column_name, column_type]) =>
        stringifyExactJson({ column_name, column_type }),
      ),
    );

    const csv = await core.client.call('lake.export', { catalog, sql: SQL, format: 'csv', path: join(exports, 'sub', 'events.csv') });
    const lines = readFileSync(csv.path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,label,qty,price,ts,category');
    expect(lines.length).toBe(expected.rowCount + 1);

    const jsonl = await core.client.call('lake.export', { catalog, sql: SQL, format: 'jsonl', path: join(exports, 'events.jsonl') });
    const records = readFileSync(jsonl.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.length).toBe(expected.rowCount);
    expect(records.map((r) => r.id)).toEqual(rowsOf(expected).map((r) => Number(r.id)));
  });

  it('refuses paths outside the exports folder, relative paths, symlinks out and existing files', async () => {
    const exports = join(core.dataDir, 'exports');
    const outside = join(mkdtempSync(join(tmpdir(), 'floe-outside-')), 'x.parquet');
    expect(await failure(core.client.call('lake.export', { catalog, sql: SQL, format: 'parquet', path: outside }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/only into its exports folder/) });
    expect(existsSync(outside)).toBe(false);
    expect((await failure(core.client.call('lake.export', { catalog, sql: SQL, format: 'csv', path: `${exports}/../escape.csv` }))).message).toMatch(/not a plain file path/);
    expect((await failure(core.client.call('lake.export', { catalog, sql: SQL, format: 'csv', path: 'rel.csv' }))).message).toMatch(/must be absolute/);
    mkdirSync(exports, { recursive: true });
    symlinkSync(join(outside, '..'), join(exports, 'link'));
    expect((await failure(core.client.call('lake.export', { catalog, sql: SQL, format: 'csv', path: join(exports, 'link', 'y.csv') }))).message).toMatch(/leads outside/);
    expect(existsSync(join(outside, '..', 'y.csv'))).toBe(false);
    const once = await core.client.call('lake.export', { sql: 'SELECT 1 AS one, 2 AS one', format: 'csv', path: join(exports, 'once.csv') });
    expect(readFileSync(once.path, 'utf8')).toBe('one,one_2\n1,2\n');
    expect((await failure(core.client.call('lake.export', { sql: 'SELECT 2 AS one', format: 'csv', path: join(exports, 'once.csv') }))).code).toBe('CONFLICT');
  });

  it('the exported SQL stays read-only and sandboxed: it cannot write or read outside Floe\'s folders itself', async () => {
    const exports = join(core.dataDir, 'exports');
    const sneaky = join(exports, 'sneaky.csv');
    const copy = await failure(core.client.call('lake.export', { sql: `COPY (SELECT 1) TO '${sneaky}'`, format: 'csv', path: join(exports, 'a.csv') }));
    expect(copy.message).toMatch(/sandbox|read-only/);
    expect(existsSync(sneaky)).toBe(false);
    const read = await failure(core.client.call('lake.export', { sql: "SELECT * FROM read_text('/etc/passwd')", format: 'csv', path: join(exports, 'b.csv') }));
    expect(read.message).toMatch(/sandbox/);
    expect(existsSync(join(exports, 'b.csv'))).toBe(false);
  });

  it('floe sql --out FILE writes where the user says', async () => {
    const saved = { ...process.env };
    process.env.FLOE_HOME = mkdtempSync(join(tmpdir(), 'floe-cli-export-'));
    process.env.FLOE_NO_KEYRING = '1';
    const target = join(mkdtempSync(join(tmpdir(), 'floe-user-')), 'legacy.parquet');
    const err: string[] = [];
    const io = { out: () => undefined, err: (s: string) => void err.push(s) };
    try {
      expect(await runCli(['sql', 'SELECT k, v FROM db.legacy ORDER BY k', '--catalog', `sqlite:${oracle.catalog}`, '--out', target], io), err.join('\n')).toBe(0);
      expect(err.at(-1)).toMatch(new RegExp(`^5 rows written to ${target} \\(parquet`));
      expect(await readBack(`SELECT k, v FROM read_parquet('${target}') ORDER BY k`)).toEqual(
        [[1, 0.5], [2, 1.25], [3, null], [4, 2], [5, -3.75]].map(([k, v]) => stringifyExactJson({ k, v })),
      );
      expect(await runCli(['sql', 'SELECT 1', '--out', target], io)).toBe(1);
      expect(err.at(-1)).toMatch(/already exists/);
    } finally {
      process.env = saved;
    }
  });
});
