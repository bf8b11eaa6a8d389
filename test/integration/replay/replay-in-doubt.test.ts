// A replay resuming while another producer's transaction holds its group's offsets in doubt (a transaction a
// broker restart left open, which only the broker's transaction timeout ends): it waits and says so, as KIP-447
// asks of a client, can be cancelled while it waits, and goes on exactly once when the transaction ends.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import type { ReplayJob } from '../../../shared/model/replay';
import { createTopics, deleteTopics } from '../connect-fixtures';
import { startCore } from '../core-session';
import { fillTopic } from '../filled-topic';
import { pythonDumpCommitted } from '../python-kafka';

const lab = inject('lab');
const suffix = Date.now().toString(36);
const source = `in-doubt-src-${suffix}`;
const target = `in-doubt-dst-${suffix}`;
let core: ReturnType<typeof startCore>;
let dropSource: () => Promise<void>;
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });

beforeAll(async () => {
  core = startCore(lab.home);
  dropSource = await fillTopic(lab, source, 1, 2000);
  await createTopics(lab, [{ topic: target, partitions: 1 }]);
}, 120_000);

afterAll(async () => {
  await dropSource?.();
  await deleteTopics(lab, [target]);
  await core?.close();
});

/** Another producer's transaction that commits offsets for `groupId` and stays open until it is ended. */
async function openTransactionOn(groupId: string) {
  const producer = kafka.producer({ transactionalId: `in-doubt-${suffix}-${Math.random().toString(36).slice(2)}`, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const txn = await producer.transaction();
  await txn.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: source, partitions: [{ partition: 0, offset: '1500' }] }] });
  return { abort: async () => (await txn.abort(), await producer.disconnect()) };
}

describe('a replay whose group has a transaction in doubt', () => {
  it('waits saying why, can be cancelled while it waits, and replays exactly once when the transaction ends', async () => {
    const job = await core.client.call('replay.create', { profileId: LOCAL_LAB_PROFILE_ID, source: { kind: 'partition', topic: source, partition: 0, range: { kind: 'offsets', from: { '0': 0 }, to: { '0': 2000 } } }, target: { topic: target } });
    const first = await openTransactionOn(job.groupId);
    const events: ReplayJob[] = [];
    const cancelled = core.client.stream('replay.run', { id: job.id }, (j) => events.push(j));
    await vi.waitFor(() => expect(events.some((e) => /Waiting for a transaction in doubt on group .* to finish/.test(e.message ?? ''))).toBe(true), { timeout: 30_000, interval: 200 });
    const askedAt = Date.now();
    await core.client.call('replay.cancel', { id: job.id });
    await expect(cancelled).rejects.toThrow(/Cancelled after 0 records/);
    expect(Date.now() - askedAt).toBeLessThan(2000);
    expect(pythonDumpCommitted(lab, target)).toHaveLength(0);

    // Resumed while still in doubt: it goes on once the other transaction is aborted, from the position before it.
    const running = core.client.stream('replay.run', { id: job.id }, () => undefined);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await core.client.call('replay.get', { id: job.id })).progress.sent).toBe(0);
    await first.abort();
    const done = await running;
    expect(done).toMatchObject({ status: 'done', progress: { sent: 2000, read: 2000, total: 2000 } });
    const keys = pythonDumpCommitted(lab, target).map((r) => Buffer.from(r.key!, 'hex').toString('utf8'));
    expect(keys).toEqual(Array.from({ length: 2000 }, (_, i) => `k${i}`));
  }, 120_000);
});
