// The lab itself: every Kafka listener carries real traffic, wrong credentials are refused, the
// schema registry and the S3 server answer. Also the team's record of what kafkajs 2.2.4 can do
// against Kafka 4.3: if an upgrade breaks one of these, this file says which call.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labStatus, readLabState } from '../../../electron/lab';

const lab = inject('lab');
const ca = readFileSync(lab.kafka.caPemPath, 'utf8');
const suffix = `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
const quiet = { logLevel: logLevel.NOTHING, clientId: 'floe-lab-test' } satisfies Partial<KafkaConfig>;

// kafkajs enums are not named ESM exports (Node's CJS lexer misses them): use their values.
const CONFIG_TOPIC = 2;
const CONFIG_BROKER = 4;
const ACL = { TOPIC: 2, LITERAL: 3, WRITE: 4, DENY: 2, ANY: 1 } as const;

const scram = (mechanism: 'scram-sha-256' | 'scram-sha-512', password = lab.scram.password): KafkaConfig => ({
  brokers: [lab.kafka.saslScram],
  sasl: { mechanism, username: lab.scram.username, password } as KafkaConfig['sasl'],
});

const listeners: [string, () => KafkaConfig][] = [
  ['PLAINTEXT', () => ({ brokers: [lab.kafka.plaintext] })],
  ['SASL_PLAINTEXT SCRAM-SHA-256', () => scram('scram-sha-256')],
  ['SASL_PLAINTEXT SCRAM-SHA-512', () => scram('scram-sha-512')],
  ['SSL', () => ({ brokers: [lab.kafka.ssl], ssl: { ca: [ca] } })],
];
if (lab.kafka.mtls && lab.kafka.clientCertPemPath && lab.kafka.clientKeyPemPath) {
  const { mtls, clientCertPemPath, clientKeyPemPath } = lab.kafka;
  listeners.push(['SSL with a client certificate (mTLS)', () => ({ brokers: [mtls], ssl: { ca: [ca], cert: readFileSync(clientCertPemPath, 'utf8'), key: readFileSync(clientKeyPemPath, 'utf8') } })]);
}

function firstMessage(kafka: Kafka, topic: string, groupId: string): Promise<{ key: string; value: string; headers: string }> {
  const consumer = kafka.consumer({ groupId });
  return new Promise<{ key: string; value: string; headers: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing consumed from ${topic} in 20 s`)), 20_000);
    (async () => {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          clearTimeout(timer);
          resolve({ key: String(message.key), value: String(message.value), headers: String(message.headers?.h) });
        },
      });
    })().catch(reject);
  }).finally(() => consumer.disconnect());
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal, got success');
}

describe('lab state', () => {
  it('is recorded, alive and answering', async () => {
    expect(readLabState(lab.home)?.kafka.clusterId).toBe(lab.kafka.clusterId);
    expect((await labStatus({ home: lab.home }))?.startedAt).toBe(lab.startedAt);
    expect(lab.processes.map((p) => p.name)).toContain('kafka');
  });
});

describe('Kafka listeners', () => {
  it.each(listeners)('%s: creates a topic, produces and consumes a record', async (name, config) => {
    const kafka = new Kafka({ ...config(), ...quiet });
    const topic = `lab-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${suffix}`;
    const admin = kafka.admin();
    const producer = kafka.producer();
    await admin.connect();
    try {
      expect((await admin.describeCluster()).clusterId).toBe(lab.kafka.clusterId);
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'k1', value: `hello over ${name}`, headers: { h: 'x' } }] });
      await expect(firstMessage(kafka, topic, `g-${topic}`)).resolves.toEqual({ key: 'k1', value: `hello over ${name}`, headers: 'x' });
    } finally {
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it.each(['scram-sha-256', 'scram-sha-512'] as const)('refuses a wrong %s password', async (mechanism) => {
    const admin = new Kafka({ ...scram(mechanism, 'not-the-password'), ...quiet, retry: { retries: 0 } }).admin();
    const error = await refusal(admin.connect());
    await admin.disconnect();
    expect(error.name).toBe('KafkaJSSASLAuthenticationError');
    expect(error.message).toMatch(/invalid credentials/);
  });

  it('refuses an mTLS client without a certificate', async (ctx) => {
    if (!lab.kafka.mtls) return ctx.skip();
    const admin = new Kafka({ brokers: [lab.kafka.mtls], ssl: { ca: [ca] }, ...quiet, retry: { retries: 0 } }).admin();
    const error = await refusal(admin.connect());
    await admin.disconnect();
    expect(error.message).toMatch(/certificate/i);
  });

  it('refuses an SSL client that does not trust the lab CA', async () => {
    const admin = new Kafka({ brokers: [lab.kafka.ssl], ssl: true, ...quiet, retry: { retries: 0 } }).admin();
    const error = await refusal(admin.connect());
    await admin.disconnect();
    expect(error.message).toMatch(/self.signed|unable to (get|verify)/i);
  });
});

describe('kafkajs 2.2.4 against Kafka 4.3', () => {
  const kafka = new Kafka({ brokers: [lab.kafka.plaintext], ...quiet });
  const admin = kafka.admin();
  const topic = `compat-${suffix}`;
  const groupId = `compat-group-${suffix}`;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '3600000' }] }], waitForLeaders: true });
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('admin: describeCluster, listTopics, fetchTopicMetadata', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster).toMatchObject({ clusterId: lab.kafka.clusterId, controller: 1, brokers: [{ nodeId: 1, host: '127.0.0.1' }] });
    expect(await admin.listTopics()).toContain(topic);
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0]?.partitions).toHaveLength(3);
    expect(meta.topics[0]?.partitions.every((p) => p.leader === 1 && p.isr.length === 1)).toBe(true);
  });

  it('admin: describeConfigs (topic and broker) and alterConfigs', async () => {
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: CONFIG_TOPIC, name: topic, configNames: ['retention.ms'] }] });
    expect(described.resources[0]?.configEntries).toContainEqual(expect.objectContaining({ configName: 'retention.ms', configValue: '3600000', isDefault: false }));
    const broker = await admin.describeConfigs({ includeSynonyms: true, resources: [{ type: CONFIG_BROKER, name: '1' }] });
    expect(broker.resources[0]?.configEntries.length).toBeGreaterThan(100);
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: CONFIG_TOPIC, name: topic, configEntries: [{ name: 'retention.ms', value: '7200000' }] }] });
    const after = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: CONFIG_TOPIC, name: topic, configNames: ['retention.ms'] }] });
    expect(after.resources[0]?.configEntries[0]?.configValue).toBe('7200000');
  });

  it('producer: plain, gzip, idempotent and transactional sends; fetchTopicOffsets sees them', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, key: `k${i}`, value: `v${i}` })) });
    await producer.send({ topic, compression: 1, messages: [{ partition: 0, value: 'gzip' }] });
    await producer.disconnect();
    const idempotent = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await idempotent.connect();
    await idempotent.send({ topic, messages: [{ partition: 1, value: 'idempotent' }] });
    await idempotent.disconnect();
    const transactional = kafka.producer({ transactionalId: `tx-${suffix}`, idempotent: true, maxInFlightRequests: 1 });
    await transactional.connect();
    const tx = await transactional.transaction();
    await tx.send({ topic, messages: [{ partition: 2, value: 'in a transaction' }] });
    await tx.commit();
    await transactional.disconnect();
    // 10 each, +1 gzip on p0, +1 idempotent on p1, +1 record and +1 commit marker on p2. The broker
    // writes the marker after EndTxn returns, so the high watermark of p2 gets there a moment later.
    await expect.poll(async () => Object.fromEntries((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o.high])), { timeout: 5000 }).toEqual({ 0: '11', 1: '11', 2: '12' });
    const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, Date.now() - 60_000);
    expect(byTime.map((o) => o.offset)).toEqual(['0', '0', '0']);
  });

  it('consumer group: consume, listGroups, describeGroups, fetchOffsets, setOffsets, deleteGroups', async () => {
    const consumer = kafka.consumer({ groupId, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let count = 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`consumed ${count} of 33 in 20 s`)), 20_000);
      void consumer.run({
        eachMessage: async () => {
          if (++count === 33) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    expect((await admin.listGroups()).groups).toContainEqual({ groupId, protocolType: 'consumer' });
    const [running] = (await admin.describeGroups([groupId])).groups;
    expect(running).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer' });
    expect(running?.members).toHaveLength(1);
    await consumer.disconnect(); // commits what it consumed
    const committed = Object.fromEntries((await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions.map((p) => [p.partition, p.offset]) ?? []);
    // p2: kafkajs commits after the transactional record (11), not after its commit marker (12).
    expect(committed).toEqual({ 0: '11', 1: '11', 2: expect.stringMatching(/^1[12]$/) });
    expect((await admin.describeGroups([groupId])).groups[0]?.state).toBe('Empty');
    // setOffsets joins the group with a throwaway consumer and waits for a fetch: about 5 s.
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '1' }] });
    const moved = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(moved[0]?.partitions.find((p) => p.partition === 0)?.offset).toBe('1');
    expect(await admin.deleteGroups([groupId])).toEqual([expect.objectContaining({ groupId, errorCode: 0 })]);
  });

  it('admin: createPartitions and deleteTopicRecords', async () => {
    await admin.createPartitions({ topicPartitions: [{ topic, count: 4 }] });
    expect((await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions).toHaveLength(4);
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '5' }] });
    expect((await admin.fetchTopicOffsets(topic)).find((o) => o.partition === 0)?.low).toBe('5');
  });

  it('ACLs: an authorizer runs; a DENY for the SCRAM user is enforced and removable', async () => {
    const principal = `User:${lab.scram.username}`;
    const acl = { resourceType: ACL.TOPIC, resourceName: topic, resourcePatternType: ACL.LITERAL, principal, host: '*', operation: ACL.WRITE, permissionType: ACL.DENY };
    await admin.createAcls({ acl: [acl] });
    const listed = await admin.describeAcls({ resourceType: ACL.TOPIC, resourceName: topic, resourcePatternType: ACL.LITERAL, principal, host: '*', operation: ACL.WRITE, permissionType: ACL.DENY });
    expect(listed.resources).toHaveLength(1);
    const producer = new Kafka({ ...scram('scram-sha-256'), ...quiet, retry: { retries: 0 } }).producer({ retry: { retries: 0 } });
    await producer.connect();
    const error = await refusal(producer.send({ topic, messages: [{ value: 'denied' }] }));
    await producer.disconnect();
    expect(error.message).toMatch(/not authorized/i);
    await admin.deleteAcls({ filters: [{ ...acl, operation: ACL.ANY }] });
    expect((await admin.describeAcls({ resourceType: ACL.TOPIC, resourceName: topic, resourcePatternType: ACL.LITERAL, operation: ACL.ANY, permissionType: ACL.ANY })).resources).toHaveLength(0);
  });
});

describe('schema registry', () => {
  const subject = `lab-value-${suffix}`;
  const schema = JSON.stringify({ type: 'record', name: 'Order', namespace: 'floe.lab', fields: [{ name: 'id', type: 'long' }, { name: 'note', type: ['null', 'string'], default: null }] });

  const call = async (path: string, init: RequestInit = {}) => {
    const registry = lab.registry;
    if (!registry) throw new Error('no registry');
    const headers: Record<string, string> = { 'content-type': 'application/vnd.schemaregistry.v1+json', accept: 'application/vnd.schemaregistry.v1+json' };
    if (registry.username) headers.authorization = `Basic ${Buffer.from(`${registry.username}:${registry.password ?? ''}`).toString('base64')}`;
    const response = await fetch(`${registry.url}${path}`, { ...init, headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('registers an Avro schema and serves it back by id and by subject', async () => {
    const registered = await call(`/subjects/${subject}/versions`, { method: 'POST', body: JSON.stringify({ schema, schemaType: 'AVRO' }) });
    expect(registered.status).toBe(200);
    const id = registered.body.id as number;
    expect(id).toBeGreaterThan(0);
    const byId = await call(`/schemas/ids/${id}`);
    expect(byId.status).toBe(200);
    expect(JSON.parse(byId.body.schema as string)).toEqual(JSON.parse(schema));
    const latest = await call(`/subjects/${subject}/versions/latest`);
    expect(latest.body).toMatchObject({ subject, id, version: 1 });
    const missing = await call(`/subjects/${subject}-nope/versions/latest`);
    expect(missing.status).toBe(404);
  });

  it('serves Protobuf with an imported file and JSON Schema, each with its schemaType and references', async () => {
    const common = `common-${suffix}.proto`;
    const base = await call(`/subjects/${common}/versions`, { method: 'POST', body: JSON.stringify({ schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\npackage floe.common;\nmessage Money { int64 cents = 1; string currency = 2; }\n' }) });
    expect(base.status).toBe(200);
    const proto = 'syntax = "proto3";\npackage floe.lab;\nimport "' + common + '";\nmessage Payment { string id = 1; floe.common.Money amount = 2; }\n';
    const payment = await call(`/subjects/payments-${suffix}-value/versions`, { method: 'POST', body: JSON.stringify({ schemaType: 'PROTOBUF', schema: proto, references: [{ name: common, subject: common, version: 1 }] }) });
    expect(payment.status).toBe(200);
    const served = await call(`/schemas/ids/${payment.body.id as number}`);
    expect(served.body).toMatchObject({ schemaType: 'PROTOBUF', references: [{ name: common, subject: common, version: 1 }] });

    const json = await call(`/subjects/events-${suffix}-value/versions`, { method: 'POST', body: JSON.stringify({ schemaType: 'JSON', schema: JSON.stringify({ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] }) }) });
    expect(json.status).toBe(200);
    expect((await call(`/schemas/ids/${json.body.id as number}`)).body).toMatchObject({ schemaType: 'JSON' });
  });

  it('refuses an incompatible Avro change under BACKWARD compatibility', async () => {
    const evolved = JSON.stringify({ type: 'record', name: 'Order', namespace: 'floe.lab', fields: [{ name: 'id', type: 'long' }, { name: 'total', type: 'double' }] });
    await call(`/config/${subject}`, { method: 'PUT', body: JSON.stringify({ compatibility: 'BACKWARD' }) });
    const check = await call(`/compatibility/subjects/${subject}/versions/latest`, { method: 'POST', body: JSON.stringify({ schema: evolved }) });
    expect(check.body.is_compatible).toBe(false);
    const refused = await call(`/subjects/${subject}/versions`, { method: 'POST', body: JSON.stringify({ schema: evolved }) });
    expect(refused.status).toBe(409);
  });
});

describe('S3 server', () => {
  const s3 = (secretAccessKey?: string) => {
    const info = lab.s3;
    if (!info) throw new Error('no S3');
    return new S3Client({ endpoint: info.endpoint, region: info.region, forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: info.accessKeyId, secretAccessKey: secretAccessKey ?? info.secretAccessKey } });
  };

  it('puts and gets an object in the lab bucket', async (ctx) => {
    if (!lab.s3) return ctx.skip();
    const client = s3();
    const Key = `lab-test/${suffix}.txt`;
    await client.send(new PutObjectCommand({ Bucket: lab.s3.bucket, Key, Body: 'hello lake', ContentType: 'text/plain' }));
    const got = await client.send(new GetObjectCommand({ Bucket: lab.s3.bucket, Key }));
    expect(await got.Body?.transformToString()).toBe('hello lake');
    client.destroy();
  });

  it('refuses a request signed with the wrong secret', async (ctx) => {
    if (!lab.s3) return ctx.skip();
    const client = s3('wrong-secret-wrong-secret-wrong-secret-00');
    const error = (await refusal(client.send(new PutObjectCommand({ Bucket: lab.s3.bucket, Key: `denied-${suffix}`, Body: 'x' })))) as Error & { $metadata?: { httpStatusCode?: number } };
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.name).toBe('SignatureDoesNotMatch');
    const head = (await refusal(client.send(new HeadBucketCommand({ Bucket: lab.s3.bucket })))) as Error & { $metadata?: { httpStatusCode?: number } };
    expect(head.$metadata?.httpStatusCode).toBe(403);
    client.destroy();
  });
});
