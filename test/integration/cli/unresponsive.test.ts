// Issue 7 item 7: a broker or registry that does not answer, or dies mid-stream, is named as such.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { kafkaProxy, silentHttpServer, silentTcpServer } from './fault-servers';
import { floeRun } from './floe-process';
import { writeWireFrame } from '../../../electron/core/decode/wire-format';
import { exactProducer } from '../exact-producer';
import { registerSchema } from '../registry-fixtures';

const lab = inject('lab');
const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-cli-faults-')), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
const suffix = Date.now().toString(36);
const bulk = `cli-bulk-${suffix}`;
const avro = `cli-avro-${suffix}`;
const text = `cli-text-${suffix}`;
const BULK_RECORDS = 20_000;
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();

const registerAvro = (subject: string) => registerSchema(lab.registry!.url, subject, JSON.stringify({ type: 'record', name: 'Reading', fields: [{ name: 'id', type: 'long' }] }));

/** Confluent wire format around the Avro long (zigzag varint) of a one-field record. */
const framed = (schemaId: number, id: number) => Buffer.from(writeWireFrame(schemaId, Uint8Array.of(id * 2)));

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [bulk, avro, text].map((topic) => ({ topic, numPartitions: 1 })) });
  const producer = exactProducer(kafka);
  await producer.connect();
  const value = 'x'.repeat(200);
  for (let i = 0; i < BULK_RECORDS; i += 2000)
    await producer.send({ topic: bulk, messages: Array.from({ length: 2000 }, (_, j) => ({ key: String(i + j), value })) });
  const schemaId = await registerAvro(`${avro}-value`);
  await producer.send({ topic: avro, messages: [framed(schemaId, 7), framed(schemaId, 8)].map((v) => ({ value: v })) });
  await producer.send({ topic: text, messages: [{ value: 'plain text' }] });
  await producer.disconnect();
});
afterAll(async () => {
  await admin.deleteTopics({ topics: [bulk, avro, text] }).catch(() => undefined);
  await admin.disconnect();
});

describe('a broker that does not answer', () => {
  it('accepts and stays silent: the CLI says it did not answer, and where', async () => {
    const silent = await silentTcpServer();
    try {
      const run = await floeRun(['topics', '--bootstrap', silent.address], env, 45_000);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(silent.address);
      expect(run.stderr).toMatch(/did not answer/);
      expect(run.stderr).not.toMatch(/Broker not connected/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await silent.close();
    }
  });

  it('dies mid-consume: the connection was lost, not "another security protocol"', async () => {
    const proxy = await kafkaProxy(lab.kafka.plaintext, { cutAfterBytes: 2_500_000 }); // about half the topic, after the consume's first read
    try {
      const run = await floeRun(['consume', bulk, '--bootstrap', proxy.address], env, 45_000);
      const printed = run.stdout.split('\n').filter(Boolean).length;
      expect(printed).toBeGreaterThan(0);
      expect(printed).toBeLessThan(BULK_RECORDS);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(proxy.address);
      expect(run.stderr).toMatch(/lost the connection/i);
      expect(run.stderr).not.toMatch(/security protocol|TLS or SASL/);
    } finally {
      await proxy.close();
    }
  });

  it('the same proxy, left alone, passes everything through (the test bed itself is sound)', async () => {
    const proxy = await kafkaProxy(lab.kafka.plaintext);
    try {
      const run = await floeRun(['consume', bulk, '--bootstrap', proxy.address], env, 45_000);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(BULK_RECORDS);
      expect(proxy.bytesDown).toBeGreaterThan(BULK_RECORDS * 200);
    } finally {
      await proxy.close();
    }
  });
});

describe('a schema registry that never answers', () => {
  it('says so on stderr and exits non-zero when nothing could be decoded because of it', async () => {
    const silent = await silentHttpServer();
    try {
      const run = await floeRun(['consume', avro, '--bootstrap', lab.kafka.plaintext, '--registry', `http://${silent.address}`], env, 45_000);
      expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(2); // the records, as hex
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`floe: .*schema registry at ${silent.address} did not answer`, 'i'));
      expect(run.stderr).toMatch(/2 records/);
    } finally {
      await silent.close();
    }
  });

  it('does not fail records that need no registry', async () => {
    const silent = await silentHttpServer();
    try {
      const run = await floeRun(['consume', text, '--bootstrap', lab.kafka.plaintext, '--registry', `http://${silent.address}`], env, 45_000);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('plain text');
    } finally {
      await silent.close();
    }
  });
});
