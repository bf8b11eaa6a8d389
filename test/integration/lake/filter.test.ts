import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/main';
import { LakeService } from '../../../electron/core/lake/lake-service';
import type { CatalogSpec, TableId } from '../../../shared/model/lake';
import { buildLakeFixtures, oracleRows, resultRows, type Oracle, type OracleSnapshot } from './lake-fixtures';

const root = join(import.meta.dirname, '..', '..', '..');
let oracle: Oracle;
let lake: LakeService;
let catalog: CatalogSpec;
const idOf = (name: string): TableId => ({ namespace: name.split('.').slice(0, -1), name: name.split('.').pop() ?? '' });

/** Filters in the syntax both pyiceberg's row_filter and Floe read. */
const CASES: { table: string; filter: string }[] = [
  { table: 'db.events', filter: "category = 'a'" },
  { table: 'db.events', filter: "ts >= '2024-01-20T00:00:00'" },
  { table: 'db.events', filter: "ts < '2024-01-05T00:00:00' AND id > 20" },
  { table: 'db.events', filter: "category = 'b' AND ts >= '2024-02-10T00:00:00'" },
  { table: 'db.events', filter: "id IN (3, 15, 170, 501) OR label IS NULL" },
  { table: 'db.parts', filter: 'id = 17' },
  { table: 'db.parts', filter: 'id IN (3, 44, 79)' },
  { table: 'db.parts', filter: "s = 'c12'" },
  { table: 'db.parts', filter: "s >= 'e'" },
  { table: 'db.parts', filter: "t >= '2024-01-10T00:00:00' AND t < '2024-01-12T12:00:00'" },
  { table: 'db.parts', filter: "d < '2024-04-01'" },
  { table: 'db.parts', filter: "d >= '2025-01-01' OR id = 0" },
  { table: 'db.years', filter: "d < '2021-01-01'" },
  { table: 'db.years', filter: 's IS NULL' },
  { table: 'db.years', filter: "s != 'x'" },
];

interface Filtered extends Omit<OracleSnapshot, 'snapshotId' | 'timestampMs'> {
  files: number;
}
let expected: Filtered[];

beforeAll(() => {
  oracle = buildLakeFixtures();
  lake = new LakeService(mkdtempSync(join(tmpdir(), 'floe-lake-filter-')));
  catalog = { kind: 'sqlite', path: oracle.catalog };
  const python = execFileSync('bash', [join(root, 'scripts/python-oracles.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  expected = JSON.parse(execFileSync(python, [join(root, 'test/fixtures/lake/scan_filtered.py'), oracle.catalog], { input: JSON.stringify(CASES), encoding: 'utf8' })) as Filtered[];
}, 300_000);
afterAll(async () => {
  await lake?.close();
});

describe('filtered scans prune files and return exactly pyiceberg\'s filtered rows', () => {
  it('every filter: same rows as pyiceberg scan(row_filter), fewer files read in all', async () => {
    let scanned = 0;
    let total = 0;
    const figures: string[] = [];
    for (const [i, c] of CASES.entries()) {
      const want = expected[i];
      if (!want) throw new Error('oracle missing');
      const result = await lake.preview(catalog, idOf(c.table), {}, 100_000, undefined, c.filter);
      expect(resultRows(result), `${c.table} WHERE ${c.filter}`).toEqual(oracleRows({ ...want, snapshotId: '', timestampMs: 0 }));
      expect(result.filesScanned, c.filter).toBeLessThanOrEqual(result.filesTotal ?? 0);
      // Never more files than pyiceberg's own planner keeps (both prune by partitions and metrics).
      expect(result.filesScanned, `${c.filter}: Floe ${result.filesScanned}, pyiceberg ${want.files}`).toBeLessThanOrEqual(want.files);
      scanned += result.filesScanned ?? 0;
      total += result.filesTotal ?? 0;
      figures.push(`${c.table} ${c.filter}: ${result.filesScanned}/${result.filesTotal} files (pyiceberg ${want.files}), ${result.rowCount} rows`);
    }
    console.log(figures.join('\n'));
    expect(scanned).toBeLessThan(total / 3);
  });

  it('a partition filter reads only that partition\'s files; bucket equality reads one bucket', async () => {
    const all = await lake.plan(catalog, idOf('db.parts'), {}, undefined);
    const one = await lake.plan(catalog, idOf('db.parts'), {}, 'id = 17');
    expect(all.filesScanned).toBe(all.filesTotal);
    expect(one.filesTotal).toBe(all.filesTotal);
    expect(one.filesScanned).toBe(1);
    expect(one.files.map((f) => f.partition.id_bucket)).toEqual([all.files.find((f) => f.path === one.files[0]?.path)?.partition.id_bucket]);
  });

  it('the unfiltered view is not replaced by the pruned one, and pruned views do not pile up', async () => {
    await lake.preview(catalog, idOf('db.events'), {}, 10, undefined, "category = 'a'");
    const pruned = await lake.sql(undefined, "SELECT count(*) AS n FROM duckdb_views() WHERE view_name LIKE '%?%'", 10);
    expect(resultRows(pruned)).toEqual([JSON.stringify({ n: '0' })]);
    const n = await lake.sql(catalog, 'SELECT count(*) AS n FROM db.events', 10);
    const events = oracle.tables.find((t) => t.name === 'db.events');
    expect(resultRows(n)).toEqual([JSON.stringify({ n: String(events?.snapshots.at(-1)?.rows.length) })]);
  });

  it('floe table files|preview --filter say how many files they scanned', async () => {
    const saved = { ...process.env };
    process.env.FLOE_HOME = mkdtempSync(join(tmpdir(), 'floe-cli-filter-'));
    process.env.FLOE_NO_KEYRING = '1';
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) };
    try {
      expect(await runCli(['table', 'files', 'db.parts', '--catalog', `sqlite:${oracle.catalog}`, '--filter', "s = 'c12'"], io), err.join('\n')).toBe(0);
      expect(err.at(-1)).toMatch(/^1 of \d+ data files may hold matching rows$/);
      expect(await runCli(['table', 'preview', 'db.parts', '--catalog', `sqlite:${oracle.catalog}`, '--filter', "s = 'c12'", '--json'], io)).toBe(0);
      expect(out.at(-1)).toContain('"s":"c12"');
      expect(err.at(-1)).toMatch(/^scanned 1 of \d+ data files$/);
      expect(await runCli(['table', 'preview', 'db.parts', '--catalog', `sqlite:${oracle.catalog}`, '--filter', 'nope = 1'], io)).toBe(2);
      expect(err.at(-1)).toMatch(/column "nope"/);
    } finally {
      process.env = saved;
    }
  });
});
