// The scale-out pipeline end to end on the lab's Connect worker: a Debezium PostgreSQL source made from
// Floe's form (the config the Connect room's form sends, rows instead of change events) and an Apache
// Iceberg sink; rows inserted, updated and deleted in PostgreSQL appear in the Iceberg table, which
// pyiceberg (the oracle) and Floe's lake reader read alike.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LakeService } from '../../../electron/core/lake/lake-service';
import { debeziumPostgresConfig, defaultDebeziumForm } from '../../../shared/model/debezium-postgres';
import type { CatalogSpec, TableId } from '../../../shared/model/lake';
import { startCore } from '../core-session';
import { ConnectRest, createTopics, deleteTopics, labWithCdc, readTopic, type CdcLab } from '../connect-fixtures';
import { icebergSinkConfig, sinkCatalogDb, waitForSinkRows, type IcebergSinkTarget } from '../iceberg-sink-fixtures';
import { oracleRows, resultRows } from '../lake/lake-fixtures';
import { createCdcTable, dropCdcTable, psql } from '../postgres-fixtures';
import { LAB } from './connect-kit';

const root = join(import.meta.dirname, '..', '..', '..');
const suffix = Date.now().toString(36);
const cdc = { table: `accounts_${suffix}`, publication: `pub_${suffix}`, slot: `slot_${suffix}`, topicPrefix: `dbz_${suffix}` };
const topic = `${cdc.topicPrefix}.public.${cdc.table}`;
const source = `pg-source-${suffix}`;
const sink = `iceberg-sink-${suffix}`;
const target: IcebergSinkTarget = { dir: mkdtempSync(join(tmpdir(), 'floe-dbz-iceberg-')), table: `cdc.${cdc.table}`, topics: [topic], controlTopic: `dbz-iceberg-control-${suffix}` };
const tableId: TableId = { namespace: ['cdc'], name: cdc.table };
const catalog: CatalogSpec = { kind: 'sqlite', path: sinkCatalogDb(target), name: 'iceberg' };
let lab: CdcLab;
let rest: ConnectRest;
let core: ReturnType<typeof startCore>;
let lake: LakeService;
let python: string;
const lakeDir = mkdtempSync(join(tmpdir(), 'floe-dbz-iceberg-lake-'));

beforeAll(async () => {
  lab = await labWithCdc(inject('lab'));
  rest = new ConnectRest(lab.connect);
  core = startCore(lab.home);
  lake = new LakeService(lakeDir);
  python = execFileSync('bash', [join(root, 'scripts/python-oracles.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}, 600_000);

afterAll(async () => {
  for (const name of [sink, source]) await rest?.delete(name);
  if (lab) {
    await dropCdcTable(lab.postgres, cdc);
    await deleteTopics(lab, [topic, target.controlTopic]);
  }
  await lake?.close();
  await core?.close();
  for (const dir of [target.dir, lakeDir]) rmSync(dir, { recursive: true, force: true });
});

describe('PostgreSQL → Debezium (from Floe’s form) → Kafka → Iceberg sink', () => {
  it('lands inserted, updated and deleted rows in an Iceberg table that pyiceberg and Floe read alike', async () => {
    await createCdcTable(lab.postgres, cdc, 'id int PRIMARY KEY, owner text NOT NULL, balance numeric(12,2)');
    await psql(lab.postgres, `INSERT INTO public.${cdc.table} VALUES (1, 'Ada', 100.50), (2, 'Brian', 7.25);`);
    const pg = lab.postgres;
    const form = {
      ...defaultDebeziumForm(),
      name: source,
      hostname: pg.host,
      port: pg.port,
      database: pg.database,
      user: pg.user,
      password: lab.connect.secretRefs.postgresPassword,
      topicPrefix: cdc.topicPrefix,
      tables: cdc.table,
      slotName: cdc.slot,
      publicationName: cdc.publication,
      publicationAutocreate: 'disabled' as const,
      flatten: true,
      topicReplicationFactor: 1,
    };
    const created = await core.client.call('connect.save', { ...LAB, name: source, config: debeziumPostgresConfig(form), mode: 'create' });
    expect(created).toMatchObject({ saved: true, created: true, validation: { errorCount: 0 } });
    await rest.waitRunning(source);
    await readTopic(core, topic, { atLeast: 2 });

    await createTopics(lab, [{ topic: target.controlTopic, partitions: 1 }]);
    await rest.put(sink, icebergSinkConfig(target));
    await rest.waitRunning(sink);
    await psql(lab.postgres, [`INSERT INTO public.${cdc.table} VALUES (3, 'Cleo', 0.01);`, `UPDATE public.${cdc.table} SET balance = 150.25 WHERE id = 1;`, `DELETE FROM public.${cdc.table} WHERE id = 2;`].join('\n'));

    // Two snapshot reads, then an insert, an update and a delete: five rows appended (a delete as its last row, marked).
    const landed = await waitForSinkRows(lake, catalog, tableId, 5, 150_000);
    expect(landed).toBe(5);

    const [oracle] = JSON.parse(
      execFileSync(python, [join(root, 'test/fixtures/lake/scan_filtered.py'), sinkCatalogDb(target), 'iceberg'], { input: JSON.stringify([{ table: target.table, filter: 'id >= 0' }]), encoding: 'utf8' }),
    ) as { columns: string[]; rows: Record<string, string | null>[] }[];
    expect(oracle?.columns.sort()).toEqual(['__deleted', '__op', '__source_ts_ms', 'balance', 'id', 'owner']);
    const changes = (oracle?.rows ?? []).map((r) => [r.id, r.owner, r.balance, r.__op, r.__deleted]).sort((a, b) => String(a[3]).localeCompare(String(b[3])) || String(a[0]).localeCompare(String(b[0])) || String(a[2]).localeCompare(String(b[2])));
    expect(changes).toEqual([
      ['3', 'Cleo', '0.01', 'c', 'false'],
      ['2', 'Brian', '7.25', 'd', 'true'],
      ['1', 'Ada', '100.50', 'r', 'false'],
      ['2', 'Brian', '7.25', 'r', 'false'],
      ['1', 'Ada', '150.25', 'u', 'false'],
    ]);
    const floe = await lake.preview(catalog, tableId, {}, 1000);
    expect(resultRows(floe)).toEqual(oracleRows({ snapshotId: '', timestampMs: 0, columns: floe.columns.map((c) => c.name), rows: oracle?.rows ?? [] }));
  }, 300_000);
});
