// The Apache Iceberg Kafka Connect sink reading Avro in the registry's Confluent wire format: the lab puts
// Apicurio's AvroConverter in the sink's plugin folder (with the ServiceLoader manifest the worker needs), the
// converter that bench:land gives the sink. The landed table is read back by pyiceberg.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import avro from 'avsc';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConnectRest, createTopics, deleteTopics, feed, labWithConnect, type ConnectLab } from '../connect-fixtures';
import { icebergSinkConfig, sinkCatalogDb, type IcebergSinkTarget } from '../iceberg-sink-fixtures';
import { icebergRows } from '../land/land-fixtures';

const suffix = Date.now().toString(36);
const name = `iceberg-sink-avro-${suffix}`;
const target: IcebergSinkTarget = {
  dir: mkdtempSync(join(tmpdir(), 'floe-iceberg-sink-avro-')),
  table: `lab.payments_${suffix}`,
  topics: [`iceberg-payments-${suffix}`],
  controlTopic: `iceberg-avro-control-${suffix}`,
};
const SCHEMA = {
  type: 'record',
  name: 'Payment',
  namespace: 'floe.test',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'payer', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};
const ROWS = 30;
const T0 = Date.UTC(2026, 0, 1);
let lab: ConnectLab;
let rest: ConnectRest;

beforeAll(async () => {
  lab = await labWithConnect(inject('lab'));
  rest = new ConnectRest(lab.connect);
}, 600_000);

afterAll(async () => {
  await rest?.delete(name);
  if (lab) await deleteTopics(lab, [...target.topics, target.controlTopic]);
  rmSync(target.dir, { recursive: true, force: true });
});

describe('Apache Iceberg Kafka Connect sink with Avro', () => {
  it("lands Avro records in the registry's wire format through Apicurio's AvroConverter", async () => {
    const registry = lab.registry!.url;
    const res = await fetch(`${registry}/subjects/${target.topics[0]}-value/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schemaType: 'AVRO', schema: JSON.stringify(SCHEMA) }),
    });
    expect(res.status).toBe(200);
    const { id: schemaId } = (await res.json()) as { id: number };
    const type = avro.Type.forSchema(SCHEMA as avro.Schema);
    const wire = (v: object) => {
      const body = type.toBuffer(v);
      const out = Buffer.alloc(5 + body.length);
      out.writeInt32BE(schemaId, 1);
      body.copy(out, 5);
      return out;
    };
    await createTopics(lab, [
      { topic: target.topics[0] as string, partitions: 2 },
      { topic: target.controlTopic, partitions: 1 },
    ]);
    const payments = Array.from({ length: ROWS }, (_, i) => ({ id: i, payer: `p${i % 4}`, amount: i + 0.5, at: T0 + i * 1000 }));
    await feed(
      lab,
      target.topics[0] as string,
      payments.map((p) => ({ key: `k${p.id}`, value: wire(p), partition: p.id % 2 })),
    );
    await rest.put(
      name,
      icebergSinkConfig(target, {
        'value.converter': 'io.apicurio.registry.utils.converter.AvroConverter',
        'value.converter.apicurio.registry.url': registry.replace(/\/apis\/ccompat\/v\d+\/?$/, '/apis/registry/v2'),
        'value.converter.apicurio.registry.as-confluent': 'true',
        'value.converter.apicurio.registry.use-id': 'contentId',
      }),
    );
    await rest.waitRunning(name);

    const started = Date.now();
    let rows: Record<string, unknown>[] = [];
    while (Date.now() < started + 120_000 && rows.length !== ROWS) {
      const status = await rest.status(name);
      const failed = status.tasks.find((t) => t.state === 'FAILED');
      if (failed) throw new Error(`the sink failed: ${failed.trace}`);
      try {
        rows = icebergRows(sinkCatalogDb(target), target.table).rows;
      } catch {
        rows = []; // no catalog or table yet
      }
      if (rows.length !== ROWS) await sleep(1000);
    }
    expect(rows).toHaveLength(ROWS);
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    // Typed columns from the Avro schema (not inferred from JSON): a long, a string, a double, a timestamp in µs.
    expect(rows[7]).toEqual({ id: '7', payer: 'p3', amount: '7.5', at: String((T0 + 7000) * 1000) });
    expect(rows.map((r) => r.id)).toEqual(payments.map((p) => String(p.id)));
  }, 240_000);
});
