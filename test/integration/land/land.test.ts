import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCore } from '../core-session';
import { createTopics, deleteTopics } from '../connect-fixtures';
import { pythonProduce } from '../python-kafka';
import { byId, duckdbRows, icebergRows, jobSpec, pyicebergAppend, landingCatalog, waitFor } from './land-fixtures';

// Landing against the lab: records written by confluent-kafka's own serializers, tables read back by pyiceberg.

const lab = inject('lab');
const suffix = Date.now().toString(36);
const orders = `land-orders-${suffix}`;
const keyed = `land-keyed-${suffix}`;
const poison = `land-poison-${suffix}`;
const shared = `land-shared-${suffix}`;
const changing = `land-changing-${suffix}`;
let core: ReturnType<typeof startCore>;

const ORDER_V1 = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'floe.land',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'name', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
});
const ORDER_V2 = JSON.stringify({ ...JSON.parse(ORDER_V1), fields: [...JSON.parse(ORDER_V1).fields, { name: 'note', type: ['null', 'string'], default: null }] });
const order = (i: number) => ({ id: i, name: `order-${i}`, amount: i * 1.5, ts: 1_700_000_000_000 + i });

beforeAll(async () => {
  core = startCore(lab.home);
  await createTopics(lab, [
    { topic: orders, partitions: 3 },
    { topic: keyed, partitions: 2 },
    { topic: poison, partitions: 1 },
    { topic: shared, partitions: 1 },
    { topic: changing, partitions: 1 },
  ]);
}, 120_000);

afterAll(async () => {
  await core?.close();
  await deleteTopics(lab, [orders, keyed, poison, shared, changing, `${poison}.floe-dlq`]);
});

describe('landing a topic into an Iceberg table', () => {
  it('appends Avro records exactly once across a restart, and evolves the table when a compatible schema arrives', async () => {
    const catalog = landingCatalog();
    pythonProduce(lab, orders, Array.from({ length: 300 }, (_, i) => ({ key: `k${i}`, value: order(i), format: 'avro' as const })), { schemas: { avro: ORDER_V1 } });
    const job = await core.client.call('land.create', jobSpec(catalog, { name: `orders-${suffix}`, topic: orders, table: { namespace: ['land'], name: 'orders' }, partitionBy: ['bucket(4, id)', 'day(ts)'] }));
    await core.client.call('land.start', { job: job.id });
    const first = await waitFor(core, job.id, (s) => s.landedRecords >= 300);
    expect(first).toMatchObject({ state: 'running', mode: 'append' });
    await core.client.call('land.stop', { job: job.id });

    const landed = icebergRows(catalog.path, 'land.orders');
    expect(landed.rows.sort(byId)).toEqual(Array.from({ length: 300 }, (_, i) => ({ id: String(i), name: `order-${i}`, amount: String(i * 1.5).includes('.') ? String(i * 1.5) : `${i * 1.5}.0`, ts: String((1_700_000_000_000 + i) * 1000) })));
    const last = landed.summaries.at(-1)!;
    expect(last['floe.land.job']).toBe(job.id);
    expect(Object.values(JSON.parse(last['floe.land.offsets']!) as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(300);

    // A new optional field: the table gains a column by field id, old rows read it as null; nothing lands twice.
    pythonProduce(lab, orders, Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: { ...order(300 + i), note: i % 2 ? null : `n${i}` }, format: 'avro' as const })), { schemas: { avro: ORDER_V2 } });
    await core.client.call('land.start', { job: job.id });
    await waitFor(core, job.id, (s) => s.landedRecords >= 100);
    await core.client.call('land.stop', { job: job.id });
    const evolved = icebergRows(catalog.path, 'land.orders').rows.sort(byId);
    expect(evolved).toHaveLength(400);
    expect(new Set(evolved.map((r) => r.id)).size).toBe(400);
    expect(evolved[0]).toMatchObject({ id: '0', note: null });
    expect(evolved[300]).toMatchObject({ id: '300', note: 'n0' });

    // The evolved, partitioned table reads the same in DuckDB's iceberg extension and in Floe's own reader.
    const current = icebergRows(catalog.path, 'land.orders');
    expect(duckdbRows(current.metadata, current.snapshotId!).sort(byId)).toEqual(evolved);
    const floe = await core.client.call('lake.preview', { catalog: { kind: 'sqlite', path: catalog.path }, table: { namespace: ['land'], name: 'orders' }, limit: 1000 });
    const floeRows = tableFromIPC(floe.arrow).toArray().map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());
    expect(floeRows.map((r) => ({ id: String(r.id), name: r.name, note: r.note })).sort(byId)).toEqual(evolved.map((r) => ({ id: r.id, name: r.name, note: r.note })));
    const spec = JSON.parse(readFileSync(current.metadata.replace(/^file:\/\//, ''), 'utf8')) as { 'partition-specs': { fields: { transform: string }[] }[] };
    expect(spec['partition-specs'].at(-1)!.fields.map((f) => f.transform)).toEqual(['bucket[4]', 'day']);

    const where = await core.client.call('land.where', { job: job.id, partition: 0, offset: 0 });
    expect(where).toMatchObject({ landed: true });
    expect((await core.client.call('land.where', { job: job.id, partition: 0, offset: 1_000_000 })).landed).toBe(false);
  });

  it('upserts by key: the latest value per key, a tombstone deletes its key (position deletes pyiceberg applies)', async () => {
    const catalog = landingCatalog();
    const schema = JSON.stringify({ type: 'record', name: 'Item', fields: [{ name: 'n', type: 'long' }, { name: 'v', type: 'string' }] });
    const records = Array.from({ length: 200 }, (_, i) => ({ key: `k${i % 40}`, value: { n: i, v: `v${i}` }, format: 'avro' as const }));
    pythonProduce(lab, keyed, records.slice(0, 120), { schemas: { avro: schema } });
    const job = await core.client.call('land.create', jobSpec(catalog, { name: `keyed-${suffix}`, topic: keyed, table: { namespace: ['land'], name: 'items' }, mode: 'upsert' }));
    await core.client.call('land.start', { job: job.id });
    await waitFor(core, job.id, (s) => s.landedRecords >= 120);
    // More updates and tombstones after the first commits: they replace rows of earlier snapshots.
    pythonProduce(lab, keyed, [...records.slice(120), ...Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: null }))], { schemas: { avro: schema } });
    await waitFor(core, job.id, (s) => s.landedRecords >= 205);
    await core.client.call('land.stop', { job: job.id });

    const expected = new Map<string, { n: string; v: string }>();
    for (const [i, r] of records.entries()) expected.set(r.key, { n: String(i), v: `v${i}` });
    for (let i = 0; i < 5; i++) expected.delete(`k${i}`);
    const rows = icebergRows(catalog.path, 'land.items').rows;
    expect(rows.map((r) => ({ key: r.key, n: r.n, v: r.v })).sort((a, b) => String(a.key).localeCompare(String(b.key)))).toEqual(
      [...expected].map(([key, x]) => ({ key, ...x })).sort((a, b) => a.key.localeCompare(b.key)),
    );
    // DuckDB's iceberg extension applies the same position deletes.
    const current = icebergRows(catalog.path, 'land.items');
    const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.key).localeCompare(String(b.key));
    expect(duckdbRows(current.metadata, current.snapshotId!).sort(byKey)).toEqual(current.rows.sort(byKey));
  });

  it('keeps the latest value per key while pyiceberg commits to the same table (its keys indexed before the next commit)', async () => {
    const catalog = landingCatalog();
    const schema = JSON.stringify({ type: 'record', name: 'Item', fields: [{ name: 'n', type: 'long' }, { name: 'v', type: 'string' }] });
    pythonProduce(lab, shared, Array.from({ length: 50 }, (_, i) => ({ key: `k${i % 10}`, value: { n: i, v: `floe${i}` }, format: 'avro' as const })), { schemas: { avro: schema } });
    const job = await core.client.call('land.create', jobSpec(catalog, { name: `shared-${suffix}`, topic: shared, table: { namespace: ['land'], name: 'shared' }, mode: 'upsert' }));
    await core.client.call('land.start', { job: job.id });
    await waitFor(core, job.id, (s) => s.landedRecords >= 50);

    pyicebergAppend(catalog.path, 'land.shared', [
      { key: 'x1', n: 1000, v: 'foreign' },
      { key: 'x2', n: 1001, v: 'foreign' },
    ]);
    pythonProduce(lab, shared, [...Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: { n: 100 + i, v: 'update' } })), { key: 'x1', value: { n: 2000, v: 'floe over foreign' } }].map((r) => ({ ...r, format: 'avro' as const })), { schemas: { avro: schema } });
    await waitFor(core, job.id, (s) => s.landedRecords >= 56);
    await core.client.call('land.stop', { job: job.id });

    const table = icebergRows(catalog.path, 'land.shared');
    const rows = table.rows.map((r) => `${String(r.key)}=${String(r.n)}`).sort();
    const want = [...Array.from({ length: 10 }, (_, i) => `k${i}=${i < 5 ? 100 + i : 40 + i}`), 'x1=2000', 'x2=1001'].sort();
    expect(rows).toEqual(want);
    expect(table.summaries.filter((s) => !s['floe.land.job'])).toHaveLength(1); // pyiceberg's own snapshot, kept
  });

  it('an incompatible schema change pauses the job with the reason and both schemas; nothing after it lands', async () => {
    const catalog = landingCatalog();
    const v1 = JSON.stringify({ type: 'record', name: 'Reading', fields: [{ name: 'sensor', type: 'string' }, { name: 'value', type: 'double' }] });
    const v2 = JSON.stringify({ type: 'record', name: 'Reading', fields: [{ name: 'sensor', type: 'string' }, { name: 'value', type: 'string' }] });
    pythonProduce(lab, changing, [{ value: { sensor: 's1', value: 1.5 }, format: 'avro' }], { schemas: { avro: v1 } });
    pythonProduce(lab, changing, [{ value: { sensor: 's2', value: 'high' }, format: 'avro' }], { schemas: { avro: v2 } });
    const job = await core.client.call('land.create', jobSpec(catalog, { name: `changing-${suffix}`, topic: changing, table: { namespace: ['land'], name: 'readings' } }));
    await core.client.call('land.start', { job: job.id });
    const paused = await waitFor(core, job.id, (s) => s.state === 'paused');
    expect(paused.reason).toMatch(/value/);
    expect(paused.schemaConflict?.table).toMatch(/value: double/);
    expect(paused.schemaConflict?.incoming).toMatch(/value: string/);
    expect(icebergRows(catalog.path, 'land.readings').rows).toEqual([{ sensor: 's1', value: '1.5' }]);
    expect((await core.client.call('land.where', { job: job.id, partition: 0, offset: 1 })).landed).toBe(false);
  });

  it('a record that cannot land pauses the job (suspend) naming where, is skipped (skip) or dead-lettered with Connect error headers', async () => {
    const catalog = landingCatalog();
    const schema = JSON.stringify({ type: 'record', name: 'P', fields: [{ name: 'n', type: 'long' }] });
    pythonProduce(lab, poison, [{ value: { n: 1 }, format: 'avro' }], { schemas: { avro: schema } });
    pythonProduce(lab, poison, [{ value: '00000f423fff', format: 'hex' }]); // wire format, unknown schema id 999,999
    pythonProduce(lab, poison, [{ value: { n: 3 }, format: 'avro' }], { schemas: { avro: schema } });

    const suspend = await core.client.call('land.create', jobSpec(catalog, { name: `poison-suspend-${suffix}`, topic: poison, table: { namespace: ['land'], name: 'p1' } }));
    await core.client.call('land.start', { job: suspend.id });
    const paused = await waitFor(core, suspend.id, (s) => s.state === 'paused');
    expect(paused.state).toBe('paused');
    expect(paused.reason).toMatch(new RegExp(`${poison}/0 offset 1 .*unknown schema id 999999`));
    expect(icebergRows(catalog.path, 'land.p1').rows).toEqual([{ n: '1' }]);

    const skip = await core.client.call('land.create', jobSpec(catalog, { name: `poison-skip-${suffix}`, topic: poison, table: { namespace: ['land'], name: 'p2' }, badRecords: 'skip' }));
    await core.client.call('land.start', { job: skip.id });
    const skipped = await waitFor(core, skip.id, (s) => s.landedRecords >= 2);
    await core.client.call('land.stop', { job: skip.id });
    expect(skipped.errors).toMatchObject({ skipped: 1 });
    expect(icebergRows(catalog.path, 'land.p2').rows.map((r) => r.n).sort()).toEqual(['1', '3']);

    const dlq = await core.client.call('land.create', jobSpec(catalog, { name: `poison-dlq-${suffix}`, topic: poison, table: { namespace: ['land'], name: 'p3' }, badRecords: 'dead-letter' }));
    await core.client.call('land.start', { job: dlq.id });
    await waitFor(core, dlq.id, (s) => s.landedRecords >= 2 && s.errors.deadLettered >= 1);
    await core.client.call('land.stop', { job: dlq.id });
    const page = await core.client.call('messages.read', { profileId: 'local-lab', topic: `${poison}.floe-dlq`, start: { kind: 'beginning' }, limit: 10 });
    expect(page.records).toHaveLength(1);
    const headers = Object.fromEntries(page.records[0]!.headers.map((h) => [h.key, h.value]));
    expect(headers).toMatchObject({ '__connect.errors.topic': poison, '__connect.errors.partition': '0', '__connect.errors.offset': '1', '__connect.errors.stage': 'VALUE_CONVERTER' });
    expect(headers['__connect.errors.exception.message']).toMatch(/unknown schema id 999999/);
  });
});
