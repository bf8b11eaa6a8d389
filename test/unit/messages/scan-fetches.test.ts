import { describe, expect, it } from 'vitest';
import type { BrowseRecord } from '../../../shared/model/messages';
import { TopicDecoding } from '../../../shared/model/messages';
import { PartDecoder } from '../../../electron/core/decode/part-decoder';
import type { PartitionFetcher, RawChunk } from '../../../electron/core/kafka/partition-fetcher';
import { encodeRecordBatch } from '../../../electron/core/kafka/record-batch-writer';
import { compileFilter } from '../../../electron/core/messages/cel-filter';
import { recordReaders } from '../../../electron/core/messages/record-decoder';
import { scan } from '../../../electron/core/messages/scan';
import { chunkExecutor } from '../../../electron/core/messages/scan-executor';

const RECORDS_PER_FETCH = 7;

/**
 * A broker in memory for scan()'s fetch schedule: partition p holds sizes[p] JSON records {p, i}; a fetch answers
 * RECORDS_PER_FETCH records per partition after a few milliseconds. Each fetch is logged with its partitions and the
 * number of fetches in flight when it was sent (itself included).
 */
function memoryFetcher(sizes: number[]) {
  const log = { fetches: [] as { partitions: number[]; inFlight: number }[], overlapping: [] as string[] };
  const inFlight = new Set<number>();
  let fetchesInFlight = 0;
  const fetchRaw = async (positions: Map<number, number>): Promise<Map<number, RawChunk>> => {
    log.fetches.push({ partitions: [...positions.keys()], inFlight: ++fetchesInFlight });
    for (const p of positions.keys()) {
      if (inFlight.has(p)) log.overlapping.push(`partition ${p} in two fetches at once`);
      inFlight.add(p);
    }
    await new Promise((r) => setTimeout(r, 2));
    fetchesInFlight--;
    const out = new Map<number, RawChunk>();
    for (const [p, from] of positions) {
      inFlight.delete(p);
      const size = sizes[p]!;
      const n = Math.min(RECORDS_PER_FETCH, size - from);
      const bytes = encodeRecordBatch(Array.from({ length: n }, (_, k) => ({ key: null, value: Buffer.from(JSON.stringify({ p, i: from + k })), headers: [], timestamp: 1000 + from + k })));
      bytes.writeBigInt64BE(BigInt(from), 0);
      out.set(p, { partition: p, from, bytes, nextOffset: from + n, highWatermark: size, logStartOffset: 0, aborted: null });
    }
    return out;
  };
  return { fetcher: { fetchRaw } as unknown as PartitionFetcher, log };
}

async function scanAll(sizes: number[], filter: string, maxMatches = 1_000_000) {
  const { fetcher, log } = memoryFetcher(sizes);
  const readers = await recordReaders(TopicDecoding.parse({}), new PartDecoder(null), null);
  const executor = await chunkExecutor({ threads: 0, readers, decoding: TopicDecoding.parse({}), registry: null, filter: compileFilter(filter) });
  const plan = { ranges: sizes.map((size, p) => ({ partition: p, from: 0, to: size })), notes: [] };
  const matches: BrowseRecord[] = [];
  const summary = await scan(fetcher, executor, plan, { maxMatches }, { matches: (r) => void matches.push(...r), progress: () => undefined });
  await executor.close();
  return { summary, matches, log };
}

const six = (size: number) => Array.from({ length: 6 }, () => size);

describe('scan fetch schedule', () => {
  it('keeps two fetches in flight for partitions of their own, and reports every record once, in offset order per partition', async () => {
    const { summary, matches, log } = await scanAll(six(100), 'value.i >= 5.0 && value.i < 40.0');
    expect(log.overlapping).toEqual([]);
    expect(log.fetches.slice(0, 2).map((f) => f.partitions)).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(Math.max(...log.fetches.map((f) => f.inFlight))).toBe(2);
    expect(summary.scanned).toBe(600);
    for (let p = 0; p < 6; p++) {
      const offsets = matches.filter((m) => m.partition === p).map((m) => m.offset);
      expect(offsets).toEqual(Array.from({ length: 35 }, (_, k) => 5 + k));
    }
    expect(summary.ranges.every((r) => r.scannedTo === 100)).toBe(true);
  });

  it('splits the partitions left again when those of the other fetch are done', async () => {
    const { summary, log } = await scanAll([10, 10, 10, 100, 100, 100], 'true');
    expect(log.overlapping).toEqual([]);
    expect(summary.scanned).toBe(330);
    // Partitions 0-2 are done after two fetches; 3-5 then go on as two fetches again.
    const late = log.fetches.slice(-4);
    expect(late.every((f) => f.partitions.every((p) => p >= 3))).toBe(true);
    expect(late.some((f) => f.inFlight === 2)).toBe(true);
  });

  it('scans a single partition with one fetch at a time', async () => {
    const { matches, log } = await scanAll([50], 'true');
    expect(matches.map((m) => m.offset)).toEqual(Array.from({ length: 50 }, (_, k) => k));
    expect(log.fetches.every((f) => f.inFlight === 1)).toBe(true);
    expect(log.fetches).toHaveLength(Math.ceil(50 / RECORDS_PER_FETCH));
  });

  it('stops exactly at maxMatches with two fetches in flight', async () => {
    const { summary, matches } = await scanAll(six(100), 'true', 45);
    expect(matches).toHaveLength(45);
    expect(summary.matched).toBe(45);
    expect(new Set(matches.map((m) => `${m.partition}:${m.offset}`)).size).toBe(45);
    expect(summary.stoppedBecause).toBe('max-matches');
  });
});
