import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCore } from '../core-session';
import { ConnectRest, deleteTopics, labWithCdc, readTopic, type CdcLab } from '../connect-fixtures';
import { createCdcTable, debeziumPostgresConfig, dropCdcTable, pgRows, psql } from '../postgres-fixtures';
import { byId, duckdbRows, icebergRows, jobSpec, landingCatalog, waitFor } from './land-fixtures';

// What Debezium really emits from PostgreSQL (snapshot reads, inserts, updates, deletes with tombstones, a
// primary-key change), landed by Floe in its default mode for an envelope (CDC), must end as the source table:
// compared with SELECT * FROM the table through pyiceberg and DuckDB, never through Floe's reader.

const suffix = Date.now().toString(36);
const cdc = { table: `accounts_${suffix}`, publication: `lpub_${suffix}`, slot: `lslot_${suffix}`, topicPrefix: `lcdc_${suffix}` };
const topic = `${cdc.topicPrefix}.public.${cdc.table}`;
const connector = `land-cdc-${suffix}`;
let lab: CdcLab;
let rest: ConnectRest;
let core: ReturnType<typeof startCore>;

beforeAll(async () => {
  lab = await labWithCdc(inject('lab'));
  rest = new ConnectRest(lab.connect);
  core = startCore(lab.home);
}, 600_000);

afterAll(async () => {
  await rest?.delete(connector);
  await core?.close();
  if (lab) {
    await dropCdcTable(lab.postgres, cdc);
    await deleteTopics(lab, [topic]);
  }
});

/** The Postgres table as pyiceberg's normalised rows: integers, decimals and dates as text, timestamps as microseconds. */
const sourceRows = () =>
  pgRows(
    lab.postgres,
    `SELECT id::text AS id, name, balance::text AS balance, (extract(epoch FROM opened) * 1000000)::bigint::text AS opened, active, (born - DATE '1970-01-01')::text AS born
       FROM public.${cdc.table} ORDER BY id`,
  );

/** Reads until the rows equal `want` or time runs out (the table appears with the job's first commit). */
async function untilEqual(read: () => Record<string, unknown>[], want: Record<string, unknown>[], timeoutMs = 60_000): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let rows: Record<string, unknown>[] = [];
    try {
      rows = read();
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    if (JSON.stringify(rows) === JSON.stringify(want) || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe('landing Debezium PostgreSQL changes', () => {
  it('ends as SELECT * FROM the source table, read by pyiceberg and DuckDB, through updates, deletes and a key change', async () => {
    await createCdcTable(lab.postgres, cdc, 'id int PRIMARY KEY, name text NOT NULL, balance numeric(12,2), opened timestamptz, active boolean, born date');
    await psql(lab.postgres, `INSERT INTO public.${cdc.table} VALUES (1, 'Ada', 100.50, '2024-03-01 10:00:00.123456+00', true, '1990-05-17'), (2, 'Brian', -7.25, NULL, false, NULL);`);
    // Schemas in every record (Debezium's JsonConverter default) so the table gets typed columns; decimals as decimals.
    const schemas = { 'key.converter.schemas.enable': 'true', 'value.converter.schemas.enable': 'true', 'decimal.handling.mode': 'precise' };
    await rest.put(connector, debeziumPostgresConfig(lab, cdc, schemas));
    await rest.waitRunning(connector);
    await readTopic(core, topic, { atLeast: 2 });

    const catalog = landingCatalog();
    const job = await core.client.call('land.create', jobSpec(catalog, { name: `cdc-${suffix}`, topic, table: { namespace: ['cdc'], name: 'accounts' } }));
    expect(job.spec.mode).toBeUndefined(); // the envelope decides: CDC
    await core.client.call('land.start', { job: job.id });

    await psql(
      lab.postgres,
      [
        `INSERT INTO public.${cdc.table} VALUES (3, 'Cleo', 0.01, '1999-12-31 23:59:59+05', NULL, '2000-02-29');`,
        `UPDATE public.${cdc.table} SET balance = 99999.99, name = 'Ada L.' WHERE id = 1;`,
        `DELETE FROM public.${cdc.table} WHERE id = 2;`,
        `UPDATE public.${cdc.table} SET id = 30 WHERE id = 3;`,
        `UPDATE public.${cdc.table} SET active = true WHERE id = 30;`,
        `INSERT INTO public.${cdc.table} VALUES (2, 'Brian again', 1, now(), true, NULL);`,
      ].join('\n'),
    );
    const want = await sourceRows();
    expect(want.map((r) => r.id)).toEqual(['1', '2', '30']);

    const table = () => icebergRows(catalog.path, 'cdc.accounts');
    const rows = await untilEqual(() => table().rows.sort(byId), want);
    expect(rows).toEqual(want);
    const status = await waitFor(core, job.id, (s) => s.partitions.every((p) => p.lag === 0));
    expect(status.mode).toBe('cdc');
    expect(status.errors).toEqual({ decode: 0, skipped: 0, deadLettered: 0 });

    const current = table();
    expect(duckdbRows(current.metadata, current.snapshotId!).sort(byId)).toEqual(want);
    await core.client.call('land.stop', { job: job.id });
  });
});
