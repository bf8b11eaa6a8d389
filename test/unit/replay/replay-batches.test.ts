import { describe, expect, it } from 'vitest';
import { encodeRecords } from '../../../electron/core/kafka/record-batch-writer';
import { readRecords, type RawRecord } from '../../../electron/core/kafka/record-batch';
import { MAX_BATCH_BYTES } from '../../../electron/core/produce/record-sender';
import { ReplayBatches } from '../../../electron/core/replay/replay-batches';
import { outgoing, type ReplayContext } from '../../../electron/core/replay/replay-records';

const b = (s: string) => Buffer.from(s, 'utf8');
const deadLetter = (offset: number, extra = ''): RawRecord => ({
  offset,
  timestamp: 1_700_000_000_000 + (offset % 7) * 1000 - 3000,
  timestampType: 0,
  key: offset % 5 === 0 ? null : b(`order-${offset}`),
  value: offset % 11 === 0 ? null : b(`{"amount": "twelve", "n": ${offset}}${extra}`),
  headers: [
    { key: 'trace', value: b('abc') },
    { key: '__connect.errors.topic', value: b('orders') },
    { key: '__connect.errors.partition', value: b('2') },
    { key: 'nøkkel', value: b('ünïcode') },
    { key: 'floe.replay.id', value: b('an-earlier-replay') },
    { key: 'nothing', value: null },
  ],
  size: 200 + extra.length,
});

const ctx: ReplayContext = { replayId: 'r-1', sourceTopic: 'orders-dlq', dlq: true, target: { partitioning: 'original' }, edits: {}, mappings: [], targets: { partitions: async () => 3 }, time: 1_800_000_000_000 };

describe('replayed records written straight into batches', () => {
  it('are the same bytes as encoding the records outgoing makes: headers filtered, provenance added, offsets of any length', async () => {
    const records = [0, 1, 9, 10, 99, 12_345, 2 ** 40 + 3].map((o) => deadLetter(o));
    const out = new ReplayBatches(ctx);
    for (const r of records) out.add('orders', 2, 3, r);
    const [target] = out.targets();
    expect(target).toMatchObject({ topic: 'orders', partition: 2 });
    expect(target!.batches).toHaveLength(1);
    const expected = encodeRecords(await Promise.all(records.map(async (r) => (await outgoing(ctx, 3, r)).record)));
    expect(Buffer.from(target!.batches[0]!.records.bytes).equals(Buffer.from(expected.bytes))).toBe(true);
    expect(target!.batches[0]!.records).toMatchObject({ count: expected.count, baseTimestamp: expected.baseTimestamp, maxTimestamp: expected.maxTimestamp });
  });

  it('cut into batches below the broker limit per target partition, each naming its first source record', () => {
    const out = new ReplayBatches(ctx);
    const big = 'x'.repeat(100_000);
    for (let o = 0; o < 25; o++) out.add('orders', o % 2, 0, deadLetter(o, big));
    const targets = out.targets();
    expect(targets.map((t) => t.partition)).toEqual([0, 1]);
    for (const t of targets) {
      expect(t.batches.length).toBeGreaterThan(1);
      expect(t.batches.every((x) => x.records.bytes.length <= MAX_BATCH_BYTES)).toBe(true);
      expect(t.batches.reduce((n, x) => n + x.records.count, 0)).toBe(t.partition === 0 ? 13 : 12);
      const read: RawRecord[] = [];
      for (const x of t.batches) readRecords({ baseOffset: x.source.offset, baseTimestamp: x.records.baseTimestamp, recordCount: x.records.count, logAppendTime: false } as never, Buffer.from(x.records.bytes), -1, read);
      expect(read.every((r) => (r.value === null || r.value.length > 100_000) && r.headers.at(-2)!.key === 'floe.replay.source.offset')).toBe(true);
    }
    expect(targets[1]!.batches[1]!.source).toEqual({ partition: 0, offset: 1 + 2 * targets[1]!.batches[0]!.records.count });
  });
});
