import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCore } from '../core-session';
import { exactProducer } from '../exact-producer';

const lab = inject('lab');
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const suffix = Date.now().toString(36);
const topic = `orders-${suffix}`;
const hidden = `__floe-internal-${suffix}`;
let core: ReturnType<typeof startCore>;

beforeAll(async () => {
  core = startCore(lab.home);
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }, { topic: hidden, numPartitions: 1 }], waitForLeaders: true });
  const producer = exactProducer(kafka);
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, key: `k${i}`, value: 'x'.repeat(100) })) });
  await producer.disconnect();
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic, hidden] }).catch(() => undefined);
  await admin.disconnect();
  await core.close();
});

describe('topic list against the lab', () => {
  it('counts messages over all partitions and reports sizes', async () => {
    const list = await core.client.call('topics.list', { profileId: 'local-lab' });
    const found = list.topics.find((t) => t.name === topic);
    expect(found).toMatchObject({ partitions: 3, replicationFactor: 1, messages: 30, internal: false });
    expect(found?.sizeBytes).toBeGreaterThan(30 * 100);
    expect(list.sizeNote).toBeUndefined();
  });

  it('hides internal topics unless asked, and sorts by name', async () => {
    const plain = await core.client.call('topics.list', { profileId: 'local-lab' });
    expect(plain.topics.map((t) => t.name)).not.toContain(hidden);
    const names = plain.topics.map((t) => t.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const all = await core.client.call('topics.list', { profileId: 'local-lab', includeInternal: true });
    expect(all.topics.find((t) => t.name === hidden)).toMatchObject({ internal: true });
  });

  it('names an unknown profile', async () => {
    await expect(core.client.call('topics.list', { profileId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('says the broker is unreachable instead of hanging', async () => {
    const saved = await core.client.call('connections.save', { name: 'dead', kafka: { bootstrap: ['127.0.0.1:1'], security: { protocol: 'PLAINTEXT' } } });
    const started = performance.now();
    await expect(core.client.call('topics.list', { profileId: saved.id })).rejects.toMatchObject({ code: 'UNREACHABLE' });
    expect(performance.now() - started).toBeLessThan(10_500);
  });
});
