import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../electron/core/engine/arrow-rows';
import { LakeService } from '../../../electron/core/lake/lake-service';
import { isFloeError } from '../../../shared/errors';
import type { CatalogSpec, TableId } from '../../../shared/model/lake';
import { resultRows } from './lake-fixtures';
import { buildHostileFixtures, type HostileTable } from './java-fixtures';

let tables: HostileTable[];
let lake: LakeService;

const spec = (t: HostileTable): CatalogSpec => ({ kind: 'metadata', location: t.metadataLocation });
const id = (t: HostileTable): TableId => ({ namespace: [], name: t.name.replace(/^db\./, '') });
const table = (name: string): HostileTable => {
  const t = tables.find((x) => x.name === name);
  if (!t) throw new Error(`no fixture table ${name}`);
  return t;
};
const victimFile = () => (table('db.victim').path ?? '').replace(/^file:/, '');

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isFloeError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}

/** What ad-hoc SQL must still be refused after an attack: system files, and the files the attacks aimed at. */
async function expectSandboxIntact(aimedAt: string[]): Promise<void> {
  for (const sql of ["SELECT content FROM read_text('/etc/passwd')", "SELECT content FROM read_text('/etc/shadow')", "SELECT count(*) FROM glob('/etc/*')"])
    expect(await failure(lake.sql(undefined, sql, 10)), sql).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^Refused by Floe's SQL sandbox/) });
  for (const p of aimedAt.filter((x) => !x.includes('%')).map((x) => x.replace(/^file:(\/\/)?/, '')))
    expect((await failure(lake.sql(undefined, `SELECT count(*) FROM read_text('${p.replace(/'/g, "''")}')`, 10))).message, p).toMatch(/^Refused by Floe's SQL sandbox/);
}

/** Why each attack is refused: its file lies outside the table's folder, or (inside a folder of "/") is no Parquet file, or no regular file. */
const REASON: Record<string, RegExp> = {
  'db.wide': /is not a Parquet file/,
  'db.fifo': /is not a regular file/,
};

beforeAll(() => {
  const built = buildHostileFixtures();
  tables = built.tables;
  execFileSync('mkfifo', [join(built.dir, 'warehouse/db/fifo/data/fifo.parquet')]);
  lake = new LakeService(mkdtempSync(join(tmpdir(), 'floe-lake-sandbox-')));
}, 300_000);
afterAll(async () => {
  await lake?.close();
});

describe('SQL sandbox: a table\'s own metadata cannot widen it', () => {
  it('every attack table is refused by the name of its file, and the sandbox stays shut after each', async () => {
    const attacks = tables.filter((t) => t.attack !== null);
    expect(attacks.length).toBeGreaterThanOrEqual(13);
    for (const t of attacks) {
      const f = await failure(lake.preview(spec(t), id(t), {}, 10));
      expect(f.code, `${t.name} (${t.attack})`).toBe('BAD_INPUT');
      expect(f.message, `${t.name} (${t.attack})`).toContain(t.path ?? '');
      expect(f.message, `${t.name} (${t.attack})`).toMatch(REASON[t.name] ?? /outside the table's location/);
      await expectSandboxIntact([victimFile(), t.path ?? '']);
      // The same table named in ad-hoc SQL goes through the same check.
      expect((await failure(lake.sql(spec(t), `SELECT * FROM ${id(t).name}`, 10))).message, `${t.name} in SQL`).toContain(t.path ?? '');
      await expectSandboxIntact([victimFile(), t.path ?? '']);
    }
  });

  it('refuses every file of a table whose location is empty (Iceberg writes "/" so)', async () => {
    const wide = table('db.wide');
    const path = wide.metadataLocation.replace(/^file:/, '').replace(/relocated\.metadata\.json$/, 'emptied.metadata.json');
    writeFileSync(path, readFileSync(wide.metadataLocation.replace(/^file:/, ''), 'utf8').replace('"location":"/"', '"location":""'));
    const f = await failure(lake.preview({ kind: 'metadata', location: path }, id(wide), {}, 10));
    expect(f.message).toMatch(/^Data file .* of table wide cannot be checked: the table's location "" is not an existing folder/);
    await expectSandboxIntact(['/etc/passwd']);
  });

  it('refuses a symlinked file by the path the manifest names and the place it leads to', async () => {
    const f = await failure(lake.preview(spec(table('db.symlink_file')), id(table('db.symlink_file')), {}, 10));
    expect(f.message).toMatch(/passwd\.parquet .*leads to \/etc\/passwd/);
  });

  it('honest tables read, also through a symlinked warehouse, and a refused table leaves earlier views working', async () => {
    const victim = table('db.victim');
    const rows = resultRows(await lake.preview(spec(victim), id(victim), {}, 10));
    expect(rows).toEqual(['{"id":"1","name":"n1"}', '{"id":"2","name":"n2"}']);
    expect(resultRows(await lake.preview(spec(table('db.linked')), id(table('db.linked')), {}, 10))).toEqual(['{"id":"60","name":"n60"}', '{"id":"61","name":"n61"}']);

    await failure(lake.preview(spec(table('db.passwd')), id(table('db.passwd')), {}, 10));
    await failure(lake.preview(spec(table('db.wide')), id(table('db.wide')), {}, 10));
    expect(resultRows(await lake.sql(spec(victim), 'SELECT * FROM victim', 10))).toEqual(rows);
    await expectSandboxIntact([]);
  });

  it('EXPLAIN explains SELECTs only: EXPLAIN ANALYZE would run a COPY or replace a table\'s view', async () => {
    const victim = table('db.victim');
    const rows = resultRows(await lake.sql(spec(victim), 'SELECT * FROM victim', 10));
    const [settings] = rowsOf(await lake.sql(undefined, "SELECT current_setting('temp_directory') AS d", 10));
    const tempDir = String(settings?.d);
    for (const sql of [
      `EXPLAIN ANALYZE COPY (SELECT 1) TO '${tempDir}/x.csv'`,
      `/* note */ EXPLAIN (FORMAT json) COPY (SELECT 1) TO '${tempDir}/y.csv'`,
      'EXPLAIN ANALYZE CREATE OR REPLACE VIEW main.victim AS SELECT 666 AS id',
      `EXPLAIN/**/ANALYZE COPY (SELECT 1) TO '${tempDir}/z.csv'`,
    ])
      expect((await failure(lake.sql(spec(victim), sql, 10))).message, sql).toMatch(/^Floe's SQL is read-only: COPY|^Floe's SQL is read-only: CREATE|^Floe explains SELECT statements only/);
    expect(readdirSync(tempDir)).toEqual([]);
    expect(resultRows(await lake.sql(spec(victim), 'SELECT * FROM victim', 10))).toEqual(rows);
    for (const sql of ['EXPLAIN SELECT * FROM victim', 'EXPLAIN ANALYZE SELECT count(*) FROM victim', "-- plan\nEXPLAIN (FORMAT json) SELECT 'a'"])
      expect((await lake.sql(spec(victim), sql, 10)).rowCount, sql).toBeGreaterThan(0);
  });
});
