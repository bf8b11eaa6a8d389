// npm run bench:lake — a 10M-row Iceberg table in 20 files (built once by pyiceberg into the cache folder):
// preview of the first 100 rows at the latest and the oldest snapshot, and one aggregate through Floe's
// snapshot view against DuckDB's read_parquet over the same files. Then a 2M-row table with a struct column
// whose member was renamed after three of its five files: the same through Floe's by-id nested projection,
// against a hand-written DuckDB query that reads each file's own member name. Prints medians; never asserts times.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { rowsOf } from '../../electron/core/engine/arrow-rows';
import { SandboxInstance } from '../../electron/core/engine/sandbox-instance';
import { sqlLimitsOf } from '../../electron/core/engine/sql-limits';
import { LakeService } from '../../electron/core/lake/lake-service';

const root = join(import.meta.dirname, '..', '..');
const cache = join(process.env.FLOE_CACHE_DIR ?? join(homedir(), '.cache', 'floe'), 'lake-bench');
execFileSync('bash', [join(root, 'scripts/build-native.sh')], { stdio: 'inherit' });
const python = execFileSync('bash', [join(root, 'scripts/python-oracles.sh')], { encoding: 'utf8' }).trim();
execFileSync(python, [join(root, 'test/fixtures/lake/build_bench.py'), cache], { stdio: 'inherit' });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
async function time(runs: number, f: () => Promise<unknown>): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
  }
  return median(out);
}

const catalog = { kind: 'sqlite' as const, path: join(cache, 'catalog.db') };
const id = { namespace: ['bench'], name: 'events' };
const lake = new LakeService(mkdtempSync(join(tmpdir(), 'floe-bench-')));
const snaps = await lake.snapshots(catalog, id);
const oldest = snaps[0]?.snapshotId;
const AGG = 'SELECT country, count(*) AS n, sum(amount) AS total, count(DISTINCT user_id) AS users FROM {T} GROUP BY country ORDER BY country';

const coldLatest = await time(1, () => lake.preview(catalog, id, {}, 100));
// The oldest snapshot's files are not granted yet: each is checked, then a fresh sandboxed instance replaces the live one.
const coldOld = await time(1, () => lake.preview(catalog, id, { snapshotId: oldest }, 100));
const latest = await time(7, () => lake.preview(catalog, id, {}, 100));
const old = await time(7, () => lake.preview(catalog, id, { snapshotId: oldest }, 100));
const floeAgg = await time(5, () => lake.sql(catalog, AGG.replace('{T}', 'bench.events'), 100));

const files = readdirSync(join(cache, 'warehouse/bench/events/data')).filter((n) => n.endsWith('.parquet')).map((n) => `'${join(cache, 'warehouse/bench/events/data', n)}'`);
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
const duckAgg = await time(5, () => conn.runAndReadAll(AGG.replace('{T}', `read_parquet([${files.join(', ')}])`)));

const nestedId = { namespace: ['bench'], name: 'nested' };
const NESTED_AGG = 'SELECT info.country AS country, count(*) AS n, sum(info.amount_eur) AS total FROM {T} GROUP BY 1 ORDER BY 1';
const nestedLatest = await time(7, () => lake.preview(catalog, nestedId, {}, 100));
const floeNested = await time(5, () => lake.sql(catalog, NESTED_AGG.replace('{T}', 'bench.nested'), 100));
// The peer: the files written before the rename (the first three snapshots' files) read under the old member name.
const nestedDir = join(cache, 'warehouse/bench/nested/data');
const nestedFiles = (await lake.files(catalog, nestedId, {})).map((f) => ({ path: f.path.replace(/^file:\/\//, ''), seq: f.sequenceNumber }));
const byNames = (old: boolean) => `[${nestedFiles.filter((f) => (f.seq <= 3n) === old).map((f) => `'${f.path}'`).join(', ')}]`;
const duckNestedSql = `SELECT country, count(*) AS n, sum(amount) AS total FROM (SELECT info.country AS country, info.amount AS amount FROM read_parquet(${byNames(true)}) UNION ALL SELECT info.country, info.amount_eur FROM read_parquet(${byNames(false)})) GROUP BY 1 ORDER BY 1`;
const duckNested = await time(5, () => conn.runAndReadAll(duckNestedSql));
// Both must give the same answer for the figures to compare anything.
const floeRows = rowsOf(await lake.sql(catalog, NESTED_AGG.replace('{T}', 'bench.nested'), 100)).map((r) => `${String(r.country)} ${String(r.n)} ${Number(r.total).toFixed(2)}`);
const duckRows = (await conn.runAndReadAll(duckNestedSql)).getRowObjectsJson().map((r) => `${String(r.country)} ${String(r.n)} ${Number(r.total).toFixed(2)}`);
const nestedCount = readdirSync(nestedDir).filter((n) => n.endsWith('.parquet')).length;
await lake.close();

// A big table: the sandboxed instance that grants 20,000 files (DuckDB resolves each path once when it is granted).
const many = Array.from({ length: 20_000 }, (_, i) => join(cache, 'warehouse/bench/events/data', `granted-${i}.parquet`));
const tempRoot = mkdtempSync(join(tmpdir(), 'floe-bench-tmp-'));
const limits = sqlLimitsOf(tempRoot);
const open20k = await time(3, async () => (await SandboxInstance.open(many, tempRoot, limits)).retire());

console.log(`lake bench: 10M rows, ${files.length} files, ${snaps.length} snapshots`);
console.log(`preview 100 rows, latest snapshot (first call, plans and registers the view): ${coldLatest.toFixed(1)} ms`);
console.log(`preview 100 rows, oldest snapshot (first call: plans, checks its files; granted with the latest): ${coldOld.toFixed(1)} ms`);
console.log(`preview 100 rows, latest snapshot (median of 7):  ${latest.toFixed(1)} ms   target < 300 ms`);
console.log(`preview 100 rows, oldest snapshot (median of 7):  ${old.toFixed(1)} ms   target < 300 ms`);
console.log(`aggregate via Floe's snapshot view (median of 5): ${floeAgg.toFixed(1)} ms`);
console.log(`aggregate via DuckDB read_parquet (median of 5):  ${duckAgg.toFixed(1)} ms`);
console.log(`ratio Floe / DuckDB: ${(floeAgg / duckAgg).toFixed(2)}   target ≤ 1.2`);
console.log(`sandboxed instance granting 20,000 files, opened (median of 3): ${open20k.toFixed(1)} ms`);
console.log(`nested: 2M rows, ${nestedCount} files, a struct member renamed after file 3 (matched by field id)`);
console.log(`preview 100 rows, nested table (median of 7):     ${nestedLatest.toFixed(1)} ms`);
console.log(`aggregate on struct members via Floe (median of 5): ${floeNested.toFixed(1)} ms`);
console.log(`aggregate via DuckDB, member names by hand (median of 5): ${duckNested.toFixed(1)} ms`);
console.log(`ratio Floe / DuckDB (nested): ${(floeNested / duckNested).toFixed(2)}   same result: ${JSON.stringify(floeRows) === JSON.stringify(duckRows) ? 'yes' : 'NO'}`);
