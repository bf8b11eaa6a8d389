import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PartitionFetcher, SCAN_LIMITS } from '../../../electron/core/kafka/partition-fetcher';
import { startCore } from '../core-session';
import { exactProducer } from '../exact-producer';

// READ_COMMITTED through Floe's own Fetch: records of aborted transactions never come back, committed and
// non-transactional ones do, and transaction markers are not records.

const lab = inject('lab');
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const topic = `read-committed-${Date.now().toString(36)}`;
let core: ReturnType<typeof startCore>;

beforeAll(async () => {
  core = startCore(lab.home);
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const plain = exactProducer(kafka);
  const tx = kafka.producer({ transactionalId: `floe-test-${topic}`, idempotent: true, maxInFlightRequests: 1 });
  await Promise.all([plain.connect(), tx.connect()]);
  await plain.send({ topic, messages: [{ value: 'plain-1' }] });
  const committed = await tx.transaction();
  await committed.send({ topic, messages: [{ value: 'committed-1' }, { value: 'committed-2' }] });
  await committed.commit();
  const aborted = await tx.transaction();
  await aborted.send({ topic, messages: [{ value: 'aborted-1' }, { value: 'aborted-2' }] });
  await plain.send({ topic, messages: [{ value: 'plain-2' }] }); // interleaved with the aborted transaction
  await aborted.abort();
  const last = await tx.transaction();
  await last.send({ topic, messages: [{ value: 'committed-3' }] });
  await last.commit();
  await Promise.all([plain.disconnect(), tx.disconnect()]);
}, 120_000);

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  await core.close();
});

async function readAll(readCommitted: boolean): Promise<string[]> {
  const fetcher = new PartitionFetcher(await (await core.host.kafka()).cluster('local-lab'), topic);
  const values: string[] = [];
  let offset = 0;
  for (let i = 0; i < 20; i++) {
    const chunk = (await fetcher.fetch(new Map([[0, offset]]), { ...SCAN_LIMITS, readCommitted })).get(0)!;
    values.push(...chunk.records.map((r) => r.value!.toString()));
    if (chunk.nextOffset === offset && chunk.records.length === 0) break;
    offset = chunk.nextOffset;
    if (offset >= chunk.highWatermark) break;
  }
  return values;
}

describe('READ_COMMITTED fetch', () => {
  it('drops records of aborted transactions and keeps everything else in offset order', async () => {
    expect(await readAll(true)).toEqual(['plain-1', 'committed-1', 'committed-2', 'plain-2', 'committed-3']);
    expect(await readAll(false)).toEqual(['plain-1', 'committed-1', 'committed-2', 'aborted-1', 'aborted-2', 'plain-2', 'committed-3']);
  });
});
