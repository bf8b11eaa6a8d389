// The Apache Iceberg Kafka Connect sink on the lab's worker: JSON records land in a table of a JDBC
// catalog on SQLite, which pyiceberg (the oracle) and Floe's lake reader both open and read alike.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LakeService } from '../../../electron/core/lake/lake-service';
import type { CatalogSpec, TableId } from '../../../shared/model/lake';
import { ConnectRest, createTopics, deleteTopics, feed, labWithConnect, type ConnectLab } from '../connect-fixtures';
import { icebergSinkConfig, sinkCatalogDb, waitForSinkRows, type IcebergSinkTarget } from '../iceberg-sink-fixtures';
import { oracleRows, resultRows } from '../lake/lake-fixtures';

const root = join(import.meta.dirname, '..', '..', '..');
const suffix = Date.now().toString(36);
const name = `iceberg-sink-${suffix}`;
const target: IcebergSinkTarget = {
  dir: mkdtempSync(join(tmpdir(), 'floe-iceberg-sink-')),
  table: `lab.orders_${suffix}`,
  topics: [`iceberg-orders-${suffix}`],
  controlTopic: `iceberg-control-${suffix}`,
};
const tableId: TableId = { namespace: ['lab'], name: `orders_${suffix}` };
const ROWS = 40;
let lab: ConnectLab;
let rest: ConnectRest;
let lake: LakeService;
let python: string;
const lakeDir = mkdtempSync(join(tmpdir(), 'floe-iceberg-sink-lake-'));

beforeAll(async () => {
  lab = await labWithConnect(inject('lab'));
  rest = new ConnectRest(lab.connect);
  lake = new LakeService(lakeDir);
  python = execFileSync('bash', [join(root, 'scripts/python-oracles.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}, 600_000);

afterAll(async () => {
  await rest?.delete(name);
  if (lab) await deleteTopics(lab, [...target.topics, target.controlTopic]);
  await lake?.close();
  for (const dir of [target.dir, lakeDir]) rmSync(dir, { recursive: true, force: true });
});

describe('Apache Iceberg Kafka Connect sink', () => {
  it('lands JSON records in a table that pyiceberg and Floe read alike', async () => {
    await createTopics(lab, [
      { topic: target.topics[0] as string, partitions: 2 },
      { topic: target.controlTopic, partitions: 1 },
    ]);
    const orders = Array.from({ length: ROWS }, (_, i) => ({ id: i, customer: `c${i % 7}`, amount: i + 0.25, ts: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z` }));
    await feed(
      lab,
      target.topics[0] as string,
      orders.map((o) => ({ value: JSON.stringify(o), partition: o.id % 2 })),
    );
    await rest.put(name, icebergSinkConfig(target));
    await rest.waitRunning(name);

    // The first commit round can time out (its request precedes the task's control consumer): allow two.
    // Named: while the sink has written no row yet, the file has no catalog name Floe could infer.
    const catalog: CatalogSpec = { kind: 'sqlite', path: sinkCatalogDb(target), name: 'iceberg' };
    const started = Date.now();
    const landed = await waitForSinkRows(lake, catalog, tableId, ROWS, 120_000);
    expect(landed).toBe(ROWS);
    process.stderr.write(`[iceberg sink] ${ROWS} rows committed ${((Date.now() - started) / 1000).toFixed(1)} s after the connector ran\n`);

    const snapshot = (await lake.snapshots(catalog, tableId)).at(-1);
    expect(snapshot?.summary).toMatchObject({ 'total-records': String(ROWS), 'kafka.connect.commit-id': expect.any(String) });
    const table = await lake.table(catalog, tableId);
    expect(table.formatVersion).toBe(2);

    const [oracle] = JSON.parse(
      execFileSync(python, [join(root, 'test/fixtures/lake/scan_filtered.py'), sinkCatalogDb(target), 'iceberg'], { input: JSON.stringify([{ table: target.table, filter: 'id >= 0' }]), encoding: 'utf8' }),
    ) as { columns: string[]; rows: Record<string, string | null>[] }[];
    // The sink infers the schema from schemaless JSON: numbers become long/double, the timestamp stays a string.
    expect(oracle?.columns.sort()).toEqual(['amount', 'customer', 'id', 'ts']);
    expect(oracle?.rows).toHaveLength(ROWS);
    const floe = await lake.preview(catalog, tableId, {}, 1000);
    expect(resultRows(floe)).toEqual(oracleRows({ snapshotId: '', timestampMs: 0, columns: floe.columns.map((c) => c.name), rows: oracle?.rows ?? [] }));
    expect(oracle?.rows.find((r) => r.id === '39')).toEqual({ id: '39', customer: 'c4', amount: '39.25', ts: '2026-01-01T00:00:39Z' });
  }, 240_000);
});
