import { describe, expect, it } from 'vitest';
import { readChunk } from '../../../electron/core/kafka/chunk-reader';
import type { RawRangeStep } from '../../../electron/core/kafka/range-reader';
import { encodeRecordBatch, type OutRecord } from '../../../electron/core/kafka/record-batch-writer';
import type { RawRecord } from '../../../electron/core/kafka/record-batch';
import { RecordCopier } from '../../../electron/core/replay/record-copier';
import { ReplayBatches } from '../../../electron/core/replay/replay-batches';
import { targetOf, targetPartition, type ReplayContext } from '../../../electron/core/replay/replay-records';

const b = (s: string) => Buffer.from(s, 'utf8');
const int32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

/** Dead letters of every header shape routing meets: Connect's, Spring's (binary partition), garbled, none, a mapping's. */
const shapes: ((i: number) => OutRecord['headers'])[] = [
  (i) => [{ key: 'trace', value: b('abc') }, { key: '__connect.errors.topic', value: b('orders') }, { key: '__connect.errors.partition', value: b(String(i % 4)) }, { key: '__connect.errors.offset', value: b(String(i)) }, { key: 'nøkkel', value: b('ünïcode') }, { key: 'nothing', value: null }],
  (i) => [{ key: '__connect.errors.topic', value: b('payments') }, { key: '__connect.errors.partition', value: b(` ${i % 2} `) }], // padded: the full path reads it
  (i) => [{ key: '__connect.errors.topic', value: b('orders') }, { key: '__connect.errors.partition', value: b('1') }, { key: '__connect.errors.partition', value: b(String(i % 3)) }], // the last wins
  (i) => [{ key: 'kafka_dlt-original-topic', value: b('spring-in') }, { key: 'kafka_dlt-original-partition', value: int32(i % 5) }, { key: 'kafka_dlt-exception-fqcn', value: b('x.Y') }],
  () => [{ key: '__connect.errors.exception.class.name', value: b('org.X') }], // no source named
  () => [{ key: 'kept-only', value: b('v') }, { key: 'floe.replay.id', value: b('an-earlier-replay') }],
  (i) => [{ key: 'my.err.class', value: b('E') }, { key: 'my.err.topic', value: b('mapped') }, { key: 'my.err.partition', value: b(String(i % 2)) }],
];

function records(n: number, shape: number): OutRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    key: i % 5 === 0 ? null : b(`order-${i}`),
    value: i % 11 === 0 ? null : b(`{"n": ${i}}`),
    // Deltas past 2^30 ms (a DLQ spans weeks): the record length counts their varints' size.
    timestamp: 1_700_000_000_000 + i * 400_000_000,
    headers: shapes[shape]!(i),
  }));
}

function stepOf(bytes: Buffer, from: number, to: number): RawRangeStep {
  return { partition: 3, from, to, next: to, highWatermark: to, chunk: { partition: 3, bytes, from, aborted: null, nextOffset: to, highWatermark: to, logStartOffset: 0 } };
}

const mappings = [{ name: 'mine', headers: { exceptionClass: 'my.err.class', sourceTopic: 'my.err.topic', sourcePartition: 'my.err.partition' } }];
const partitionCounts: Record<string, number> = { orders: 4, payments: 3, 'spring-in': 2, mapped: 2, fixed: 6 };
const contexts: [string, Omit<ReplayContext, 'mappings'>][] = [
  ['to the original topic and partition', { replayId: 'r-1', sourceTopic: 'dlq', dlq: true, target: { partitioning: 'original' }, edits: {}, targets: { partitions: async (t) => partitionCounts[t]! }, time: 1_800_000_000_000 }],
  ['to a named topic, original partitions', { replayId: 'r-2', sourceTopic: 'dlq', dlq: true, target: { topic: 'fixed', partitioning: 'original' }, edits: {}, targets: { partitions: async (t) => partitionCounts[t]! }, time: 1_800_000_000_000 }],
  ['to a named topic by key', { replayId: 'r-3', sourceTopic: 'dlq', dlq: true, target: { topic: 'fixed', partitioning: 'key' }, edits: {}, targets: { partitions: async (t) => partitionCounts[t]! }, time: 1_800_000_000_000 }],
  ['a partition of a plain topic', { replayId: 'r-4', sourceTopic: 'plain', dlq: false, target: { topic: 'fixed', partitioning: 'original' }, edits: {}, targets: { partitions: async (t) => partitionCounts[t]! }, time: 1_800_000_000_000 }],
];

/** What the record-by-record path makes of the same records. */
async function byRecord(ctx: ReplayContext, read: RawRecord[]): Promise<ReplayBatches> {
  const out = new ReplayBatches(ctx);
  for (const r of read) {
    const { topic, original } = targetOf(ctx, 3, r);
    out.add(topic, targetPartition(ctx, topic, original, await ctx.targets.partitions(topic), r.key), 3, r);
  }
  return out;
}

const bytesOf = (out: ReplayBatches) => out.targets().map((t) => ({ topic: t.topic, partition: t.partition, batches: t.batches.map((x) => ({ source: x.source, count: x.records.count, base: x.records.baseTimestamp, max: x.records.maxTimestamp, hex: Buffer.from(x.records.bytes).toString('hex') })) }));

describe('records copied from fetched bytes', () => {
  for (const [name, base] of contexts)
    it(`are the bytes the record-by-record path writes, routed alike: ${name}`, async () => {
      const ctx: ReplayContext = { ...base, mappings: base.dlq ? mappings : [] };
      for (let shape = 0; shape < shapes.length; shape++) {
        if (!ctx.target.topic && (shape === 4 || shape === 5)) continue; // names no source topic: both paths refuse it (below)
        if (!ctx.dlq && shape === 6) continue;
        const bytes = encodeRecordBatch(records(40, shape));
        const read = (await readChunk(bytes, 5)).records.filter((r) => r.offset < 33);
        const expected = await byRecord(ctx, read);
        const out = new ReplayBatches(ctx);
        const tally = { sent: 0 };
        await new RecordCopier(ctx, new Map(), null).copy(stepOf(bytes, 5, 33), out, tally, () => undefined);
        expect(tally.sent).toBe(28);
        expect(out.records).toBe(28);
        expect(bytesOf(out), `shape ${shape}`).toEqual(bytesOf(expected));
      }
    });

  it('refuses a dead letter that names no source topic when no target topic is given, naming the record', async () => {
    const ctx: ReplayContext = { ...contexts[0]![1], mappings: [] };
    for (const shape of [4, 5]) {
      const bytes = encodeRecordBatch(records(3, shape));
      await expect(new RecordCopier(ctx, new Map(), null).copy(stepOf(bytes, 0, 3), new ReplayBatches(ctx), { sent: 0 }, () => undefined)).rejects.toThrow(/dlq\/3 offset 0 names no source topic/);
    }
  });

  it('skips records already on another cluster and counts them as sent', async () => {
    const ctx: ReplayContext = { ...contexts[1]![1], mappings: [] };
    const bytes = encodeRecordBatch(records(10, 0));
    const out = new ReplayBatches(ctx);
    const tally = { sent: 0 };
    let there = 0;
    await new RecordCopier(ctx, new Map(), new Set(['3:2', '3:7', '1:4'])).copy(stepOf(bytes, 0, 10), out, tally, () => there++);
    expect({ sent: tally.sent, there, copied: out.records }).toEqual({ sent: 10, there: 2, copied: 8 });
  });

  it('reports a batch whose records run past its end with the partition and offset', async () => {
    const ctx: ReplayContext = { ...contexts[1]![1], mappings: [] };
    const bytes = Buffer.from(encodeRecordBatch(records(4, 0)));
    bytes.writeInt32BE(bytes.readInt32BE(57) + 1, 57); // one record more than the batch holds
    const cut = bytes.subarray(0, bytes.length - 20);
    cut.writeInt32BE(cut.length - 12, 8);
    await expect(new RecordCopier(ctx, new Map(), null).copy(stepOf(cut, 0, 5), new ReplayBatches(ctx), { sent: 0 }, () => undefined)).rejects.toThrow(/dlq\/3: the batch at offset 0 cannot be read/);
  });
});
