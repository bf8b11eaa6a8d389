// A landing job exported as an Apache Iceberg Kafka Connect sink and deployed onto the lab's worker (land.export
// with deploy): the sink lands, into a table beside the job's own in the same SQL catalog, the same rows Floe's job
// lands, as pyiceberg reads them both.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCore } from '../core-session';
import { ConnectRest, createTopics, deleteTopics, feed, labWithConnect, type ConnectLab } from '../connect-fixtures';
import { byId, icebergRows, jobSpec, landingCatalog, waitFor } from './land-fixtures';

const suffix = Date.now().toString(36);
const topic = `export-orders-${suffix}`;
const connector = `export-sink-${suffix}`;
const catalog = landingCatalog();
const ROWS = 30;
let lab: ConnectLab;
let rest: ConnectRest;
let core: ReturnType<typeof startCore>;

beforeAll(async () => {
  lab = await labWithConnect(inject('lab'));
  rest = new ConnectRest(lab.connect);
  core = startCore(lab.home);
  await createTopics(lab, [{ topic, partitions: 2 }, { topic: `${connector}-control`, partitions: 1 }]);
}, 600_000);

afterAll(async () => {
  await rest?.delete(connector);
  await core?.close();
  if (lab) await deleteTopics(lab, [topic, `${connector}-control`, `${topic}.floe-dlq`]);
});

describe('a landing deployed onto Kafka Connect', () => {
  it('lands the same rows with the Iceberg sink as with Floe\'s own job', async () => {
    const orders = Array.from({ length: ROWS }, (_, i) => ({ id: i, customer: `c${i % 7}`, amount: i + 0.25 }));
    // Kafka Connect JSON with its schema envelope: Floe lands its fields as columns, the sink reads it with JsonConverter.
    const schema = { type: 'struct', optional: false, fields: [{ field: 'id', type: 'int64', optional: false }, { field: 'customer', type: 'string', optional: false }, { field: 'amount', type: 'double', optional: false }] };
    await feed(lab, topic, orders.map((o) => ({ value: JSON.stringify({ schema, payload: o }), partition: o.id % 2 })));
    const job = await core.client.call('land.create', jobSpec(catalog, { name: `export-${suffix}`, topic, table: { namespace: ['land'], name: 'orders' }, mode: 'append', partitionBy: ['bucket(4, id)'], badRecords: 'dead-letter' }));
    await core.client.call('land.start', { job: job.id });
    const landed = await waitFor(core, job.id, (s) => s.lagRecords === 0 && s.landedRecords === ROWS);
    expect(landed, landed.reason ?? '').toMatchObject({ state: 'running', landedRecords: ROWS });
    await core.client.call('land.stop', { job: job.id });

    const exported = await core.client.call('land.export', { job: job.id, connectorName: connector, table: 'land.orders_sink', dlqReplicationFactor: 1, deploy: {} });
    expect(exported.deployed?.created).toBe(true);
    expect(exported.config).toMatchObject({
      'iceberg.tables': 'land.orders_sink',
      'iceberg.catalog.uri': `jdbc:sqlite:${catalog.path}`,
      'iceberg.tables.default-partition-by': 'bucket(id, 4)',
      'errors.deadletterqueue.topic.name': `${topic}.floe-dlq`,
      'iceberg.control.commit.interval-ms': '1000',
    });
    expect(exported.guarantees.length).toBeGreaterThanOrEqual(5);
    await rest.waitRunning(connector);

    const floe = icebergRows(catalog.path, 'land.orders').rows.sort(byId);
    expect(floe).toHaveLength(ROWS);
    let sink: Record<string, unknown>[] = [];
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline && sink.length < ROWS) {
      try {
        sink = icebergRows(catalog.path, 'land.orders_sink').rows.sort(byId);
      } catch {
        sink = [];
      }
      if (sink.length < ROWS) await sleep(2000);
    }
    expect(sink).toEqual(floe);
    const detail = await core.client.call('connect.connector', { profileId: 'local-lab', name: connector });
    expect(detail.dlqTopic).toBe(`${topic}.floe-dlq`);

    // Exporting again updates the deployed connector rather than failing on the name.
    const again = await core.client.call('land.export', { job: job.id, connectorName: connector, table: 'land.orders_sink', dlqReplicationFactor: 1, deploy: {} });
    expect(again.deployed?.created).toBe(false);
  }, 300_000);
});
