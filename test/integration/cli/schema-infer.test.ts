import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import avro from 'avsc';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exactProducer } from '../exact-producer';

const lab = inject('lab');
const root = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'floe-schema-infer-'));
const env = { ...process.env, FLOE_HOME: join(dir, 'home'), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
const floe = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/floe.mjs'), ...args], { env, encoding: 'utf8', timeout: 120_000 });
const run = Date.now().toString(36);
const topic = `infer-${run}`;
const binary = `infer-binary-${run}`;
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const producer = exactProducer(kafka);

describe('floe schema infer', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }, { topic: binary }], waitForLeaders: true });
    const values = [
      '{"id": 1, "amount": 10, "customer": {"name": "Ann"}, "tags": ["a"]}',
      '{"id": 9007199254740993, "amount": 2.5, "customer": {"name": "Bob", "vip": true}, "tags": []}',
      null, // a tombstone
      'not json',
      Buffer.from([0, 0, 0, 0, 7, 2, 4]), // Confluent wire format: its schema is in the registry
    ];
    await producer.send({ topic, messages: values.map((value, i) => ({ key: String(i), value, partition: i % 2 })) });
    await producer.send({ topic: binary, messages: [{ value: Buffer.from([0xff, 0xfe]) }] });
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic, binary] }).catch(() => undefined);
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  it('infers Avro from the JSON records of a topic, naming what it left out', () => {
    const out = floe('schema', 'infer', '--topic', topic, '--name', 'shop.Order');
    expect(out.status, out.stderr).toBe(0);
    const schema = JSON.parse(out.stdout) as avro.Schema;
    expect(schema).toMatchObject({ type: 'record', name: 'Order', namespace: 'shop' });
    const type = avro.Type.forSchema(schema, { wrapUnions: false });
    expect(type.isValid({ id: 2, amount: 2.5, customer: { name: 'Bob', vip: true }, tags: [] })).toBe(true);
    expect(type.isValid({ id: 1, amount: 10, customer: { name: 'Ann', vip: null }, tags: ['a'] })).toBe(true);
    expect(JSON.stringify(schema)).toContain('{"name":"vip","type":["null","boolean"],"default":null}');
    expect(out.stderr).toMatch(/inferred from 2 of 5 record\(s\)/);
    expect(out.stderr).toMatch(/1 record\(s\) with a null value \(tombstones\) left out/);
    expect(out.stderr).toMatch(/1 record\(s\) carry a schema id/);
    expect(out.stderr).toMatch(/1 record\(s\) are not JSON and were left out \(first: \d\/\d+: /);
  });

  it('infers JSON Schema (--json gives the whole result); a topic without JSON records is refused by name', () => {
    const out = floe('schema', 'infer', '--topic', topic, '--type', 'json', '--json');
    expect(out.status, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout) as { schemaType: string; schema: string; used: number };
    expect(result).toMatchObject({ schemaType: 'JSON', used: 2 });
    expect(JSON.parse(result.schema)).toMatchObject({ type: 'object', required: ['id', 'amount', 'customer', 'tags'], properties: { id: { type: 'integer' }, amount: { type: 'number' } } });

    const none = floe('schema', 'infer', '--topic', binary);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(new RegExp(`^floe: No JSON values among the newest 1 record\\(s\\) of ${binary} to infer a schema from: 1 record\\(s\\) are not JSON`));
    expect(floe('schema', 'infer', '--topic', topic, '--type', 'protobuf').stderr).toMatch(/writes avro or json/);
  });
});
