// npm run bench:maintain — a table of 10,000 small files (1M rows: 100 commits × 100 partitions × 100 rows) written
// by Floe's own writer, then compacted: compaction time, files before and after, and a scan through Floe's lake
// engine (COUNT and SUM over the whole table, median of 3) before and after. Prints figures; never asserts times.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlCatalog } from '../../electron/core/lake/catalog/sql-catalog';
import { FileIO } from '../../electron/core/lake/io/file-io';
import { LakeService } from '../../electron/core/lake/lake-service';
import type { NestedField } from '../../electron/core/lake/spec/types';
import { ParquetWriter } from '../../electron/core/lake/writer/parquet-writer';
import { RowsWriter } from '../../electron/core/lake/writer/rows-writer';
import { commitSnapshot } from '../../electron/core/lake/writer/snapshot-commit';
import { parsePartitionBy } from '../../electron/core/land/partition-by';
import { MaintainService } from '../../electron/core/maintain/maintain-service';
import { targetOf } from '../integration/lake/maintain-fixtures';

const COMMITS = Number(process.env.BENCH_COMMITS ?? 100);
const PARTITIONS = 100;
const ROWS_PER_FILE = 100;
const dir = mkdtempSync(join(tmpdir(), 'floe-maintain-bench-'));
const id = { namespace: ['bench'], name: 'events' };
const fields: NestedField[] = [
  { id: 1, name: 'id', required: true, type: { kind: 'long' } },
  { id: 2, name: 'p', required: true, type: { kind: 'int' } },
  { id: 3, name: 'amount', required: false, type: { kind: 'double' } },
  { id: 4, name: 'note', required: false, type: { kind: 'string' } },
];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main() {
  const io = new FileIO({ cacheDir: join(dir, 'cache') });
  const catalogPath = join(dir, 'catalog.db');
  const catalog = await SqlCatalog.open(io, { path: catalogPath, warehouse: join(dir, 'warehouse'), create: true });
  await catalog.createNamespace(['bench']);
  await catalog.createTable(id, { fields, partitionFields: parsePartitionBy(['p'], fields) });
  const parquet = await ParquetWriter.open(join(dir, 'staging'), [join(dir, 'warehouse')]);
  const target = await targetOf(catalog, id);
  let t = performance.now();
  let n = 0;
  for (let c = 0; c < COMMITS; c++) {
    const w = new RowsWriter(target, parquet, io, join(dir, 'staging'));
    for (let i = 0; i < PARTITIONS * ROWS_PER_FILE; i++, n++) await w.add({ id: BigInt(n), p: n % PARTITIONS, amount: n / 7, note: `row ${n}` });
    const files = await w.finish();
    await commitSnapshot(catalog, io, id, { dataFiles: files.map((f) => f.file), deleteFiles: [], commitId: randomUUID() });
  }
  console.log(`built ${n} rows in ${COMMITS} commits: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  parquet.close();

  const lake = new LakeService(join(dir, 'floe'));
  const maintain = new MaintainService(() => lake, join(dir, 'floe'));
  const spec = { kind: 'sqlite' as const, path: catalogPath };
  const scan = async () => {
    const out: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      await lake.sql(spec, 'SELECT count(*), sum(amount) FROM bench.events', 10);
      out.push(performance.now() - s);
    }
    return median(out);
  };
  const before = await maintain.health(spec, id);
  const scanBefore = await scan();
  t = performance.now();
  const r = await maintain.compact(spec, id);
  const compactMs = performance.now() - t;
  const after = await maintain.health(spec, id);
  const scanAfter = await scan();
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (2 cores)`);
  console.log(`files before ${before.dataFiles} (avg ${before.avgFileBytes} B), after ${after.dataFiles} (avg ${after.avgFileBytes} B); ${r.message}`);
  console.log(`compaction ${(compactMs / 1000).toFixed(1)} s`);
  console.log(`scan (count+sum over ${n} rows, median of 3, first run plans and registers the view): before ${scanBefore.toFixed(0)} ms, after ${scanAfter.toFixed(0)} ms`);
  await lake.close();
  catalog.close();
  io.close();
  rmSync(dir, { recursive: true, force: true });
}

void main();
