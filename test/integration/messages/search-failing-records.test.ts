// A search over records the filter cannot read: a field most records lack, values whose schema id the registry does
// not know. Each is counted with CEL's own message (or the decoder's reason) and the matches are exact, in the core's
// thread and on a worker thread. These records used to scan 4–10× slower than records that match (see cel-quick.ts).
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowseRecord } from '../../../shared/model/messages';
import { compileFilter } from '../../../electron/core/messages/cel-filter';
import { evaluationMessage } from '../../../electron/core/messages/filter-model';
import { writeWireFrame } from '../../../electron/core/decode/wire-format';
import { startCore } from '../core-session';
import { exactProducer } from '../exact-producer';

const lab = inject('lab');
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const topic = `search-failing-${Date.now().toString(36)}`;
const profileId = 'local-lab';
const RECORDS = 6000;
const FILTER = 'value.amount > 1500.0 && value.currency == "EUR"';
/** No registry hands out ids this high. */
const UNKNOWN_ID = 987654321;
let core: ReturnType<typeof startCore>;

/** Record i: an order with an amount (i % 3 == 0), one without (1), or bytes framed with an unknown schema id (2). */
function value(i: number): Buffer {
  if (i % 3 === 0) return Buffer.from(JSON.stringify({ amount: i, currency: i % 2 ? 'EUR' : 'USD' }));
  if (i % 3 === 1) return Buffer.from(JSON.stringify({ status: 'refund', currency: 'EUR' }));
  return Buffer.from(writeWireFrame(UNKNOWN_ID, Buffer.from([2, 4, 6])));
}

/** CEL's own message for a value (the filter sees an undecodable value as its hex). */
function celMessage(v: unknown): string {
  try {
    compileFilter(FILTER, { quick: false }).test({ partition: 0, offset: 0, size: 0, value: v });
  } catch (e) {
    return evaluationMessage(e);
  }
  throw new Error('CEL did not fail');
}

describe.skipIf(!lab.registry)(`a search over records the filter cannot read${lab.registry ? '' : ' (skipped: this lab has no schema registry)'}`, () => {
  beforeAll(async () => {
    core = startCore(lab.home);
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    const producer = exactProducer(kafka);
    await producer.connect();
    for (let from = 0; from < RECORDS; from += 1000)
      await producer.send({ topic, messages: Array.from({ length: 1000 }, (_, k) => ({ partition: (from + k) % 2, key: `k${from + k}`, value: value(from + k) })) });
    await producer.disconnect();
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await core?.close();
  });

  it.each([0, 1])('matches exactly and counts every failure with its reason (%i worker threads)', async (threads) => {
    const found: BrowseRecord[] = [];
    const summary = await core.client.stream('messages.search', { profileId, topic, threads, filter: FILTER }, (e) => {
      if (e.kind === 'matches') found.push(...e.records);
    });
    const expected = Array.from({ length: RECORDS }, (_, i) => i).filter((i) => i % 3 === 0 && i > 1500 && i % 2 === 1);
    expect(found.map((r) => Number((r.key.value as string).slice(1))).sort((a, b) => a - b)).toEqual(expected);
    expect(found.every((r) => r.value.kind === 'json')).toBe(true);
    expect(summary).toMatchObject({ scanned: RECORDS, matched: expected.length, stoppedBecause: 'complete', threads });
    expect(summary.decodeErrors).toEqual([{ reason: expect.stringMatching(new RegExp(`unknown schema id ${UNKNOWN_ID}`)), count: RECORDS / 3 }]);
    // The same messages CEL gives, counted once per record: a missing field, and a field of the undecodable value's hex.
    const missing = celMessage({ status: 'refund', currency: 'EUR' });
    const ofHex = celMessage(value(2).toString('hex'));
    const counts = new Map<string, number>();
    for (const message of [missing, ofHex]) counts.set(message, (counts.get(message) ?? 0) + RECORDS / 3);
    expect(new Map(summary.filterErrors.map((f) => [f.message, f.count]))).toEqual(counts);
  });
});
