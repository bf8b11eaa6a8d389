import { describe, expect, it } from 'vitest';
import { FrameRows, type MatchFrame } from '../../../shared/model/match-frame';
import type { BrowseRecord, SearchView } from '../../../shared/model/messages';
import { TopicDecoding } from '../../../shared/model/messages';
import { PartDecoder } from '../../../electron/core/decode/part-decoder';
import { chunkEnd } from '../../../electron/core/kafka/chunk-reader';
import { SCAN_LIMITS, type FetchLimits, type PartitionFetcher, type RawChunk } from '../../../electron/core/kafka/partition-fetcher';
import { encodeRecordBatch } from '../../../electron/core/kafka/record-batch-writer';
import { compileFilter } from '../../../electron/core/messages/cel-filter';
import { recordReaders } from '../../../electron/core/messages/record-decoder';
import { scan } from '../../../electron/core/messages/scan';
import { chunkExecutor } from '../../../electron/core/messages/scan-executor';
import { PARTITION_BYTES_MAX } from '../../../electron/core/messages/partition-fetch-sizes';
import { responseBuffer } from '../../../electron/core/kafka/response-reader';

const RECORDS_PER_FETCH = 7;

/**
 * A broker in memory for scan()'s fetch schedule: partition p holds sizes[p] JSON records {p, i}; a fetch answers
 * RECORDS_PER_FETCH records per partition after a few milliseconds. Each fetch is logged with its partitions and the
 * number of fetches in flight when it was sent (itself included).
 */
function memoryFetcher(sizes: number[], pooled = false) {
  const log = { fetches: [] as { partitions: number[]; inFlight: number }[], overlapping: [] as string[], responseBuffers: new Set<ArrayBufferLike>() };
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
    // pooled: the partitions' bytes lie in one buffer, as in a Fetch response read by ResponseReader, taken from its pool.
    const response = pooled ? responseBuffer(2 << 20) : null;
    if (response) log.responseBuffers.add(response.buffer);
    let at = 0;
    for (const [p, from] of positions) {
      inFlight.delete(p);
      const size = sizes[p]!;
      const n = Math.min(RECORDS_PER_FETCH, size - from);
      let bytes = encodeRecordBatch(Array.from({ length: n }, (_, k) => ({ key: null, value: Buffer.from(JSON.stringify({ p, i: from + k })), headers: [], timestamp: 1000 + from + k })));
      bytes.writeBigInt64BE(BigInt(from), 0);
      if (response) {
        bytes.copy(response, at);
        bytes = response.subarray(at, (at += bytes.length));
      }
      out.set(p, { partition: p, from, bytes, nextOffset: from + n, highWatermark: size, logStartOffset: 0, aborted: null });
    }
    return out;
  };
  return { fetcher: { fetchRaw } as unknown as PartitionFetcher, log };
}

/**
 * A broker in memory that sizes its answers as Kafka does: partition p holds `batches` batches of `perBatch` records
 * (~3 KB values); a fetch gives each partition, in request order, the whole batches that fit in what was asked of it
 * and in the response's maxBytes, then the cut start of the next one; a batch larger than what is asked comes whole
 * only to the response's first partition. Logs what each fetch asked of each partition and what it carried.
 */
function sizedFetcher(partitions: number, batches: number, perBatch: number) {
  const log = { asked: [] as Map<number, number>[], carried: [] as number[] };
  const logs = Array.from({ length: partitions }, (_, p) =>
    Array.from({ length: batches }, (_, b) => {
      const from = b * perBatch;
      const bytes = encodeRecordBatch(Array.from({ length: perBatch }, (_, k) => ({ key: null, value: Buffer.from(JSON.stringify({ p, i: from + k, pad: 'x'.repeat(3000) })), headers: [], timestamp: 1000 + from + k })));
      bytes.writeBigInt64BE(BigInt(from), 0);
      return bytes;
    }),
  );
  const fetchRaw = async (positions: Map<number, number>, limits: FetchLimits, _signal?: AbortSignal, partitionBytes?: ReadonlyMap<number, number>): Promise<Map<number, RawChunk>> => {
    await new Promise((r) => setTimeout(r, 1));
    const asked = new Map<number, number>();
    const out = new Map<number, RawChunk>();
    let room = limits.maxBytes;
    let batchesCarried = 0;
    for (const [p, from] of positions) {
      const ask = partitionBytes?.get(p) ?? limits.partitionMaxBytes;
      asked.set(p, ask);
      const parts: Buffer[] = [];
      let size = 0;
      for (let b = from / perBatch; b < batches; b++) {
        const batch = logs[p]![b]!;
        const first = parts.length === 0 && room === limits.maxBytes;
        if (size + batch.length <= Math.min(ask, room) || first) {
          parts.push(batch);
          size += batch.length;
          batchesCarried++;
          continue;
        }
        const cut = Math.min(ask, room) - size;
        if (cut > 0 && parts.length > 0) parts.push(batch.subarray(0, cut)); // the start of a batch that does not fit
        break;
      }
      const bytes = parts.length > 0 ? Buffer.concat(parts) : null;
      room -= bytes?.length ?? 0;
      const end = chunkEnd(bytes, from);
      out.set(p, { partition: p, from, bytes, nextOffset: end.nextOffset, largestBatch: end.largestBatch, highWatermark: batches * perBatch, logStartOffset: 0, aborted: null });
    }
    log.asked.push(asked);
    log.carried.push(batchesCarried);
    return out;
  };
  return { fetcher: { fetchRaw } as unknown as PartitionFetcher, log, batchBytes: logs[0]![0]!.length };
}

async function scanWith(fetcher: PartitionFetcher, sizes: number[], filter: string, maxMatches = 1_000_000, view: SearchView = 'full', threads = 0) {
  const readers = await recordReaders(TopicDecoding.parse({}), new PartDecoder(null), null);
  const executor = await chunkExecutor({ threads, readers, decoding: TopicDecoding.parse({}), registry: null, filter: compileFilter(filter), view });
  const plan = { ranges: sizes.map((size, p) => ({ partition: p, from: 0, to: size })), notes: [] };
  const matches: BrowseRecord[] = [];
  const batches: { kind: 'matches' | 'frame'; rows: number }[] = [];
  const sink = {
    matches: (r: BrowseRecord[]) => {
      batches.push({ kind: 'matches', rows: r.length });
      matches.push(...r);
    },
    frame: (frame: MatchFrame) => {
      batches.push({ kind: 'frame', rows: frame.rows });
      const rows = new FrameRows(frame);
      for (let i = 0; i < rows.length; i++) matches.push(rows.at(i)!);
    },
    progress: () => undefined,
  };
  const summary = await scan(fetcher, executor, plan, { maxMatches }, sink);
  await executor.close();
  return { summary, matches, batches };
}

async function scanAll(sizes: number[], filter: string, maxMatches = 1_000_000, view: SearchView = 'full') {
  const { fetcher, log } = memoryFetcher(sizes);
  return { ...(await scanWith(fetcher, sizes, filter, maxMatches, view)), log };
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

  it.each([1_000_000, 1234])("view 'frame': the rows of view 'grid', in frames of at most 500, up to exactly %i matches", async (maxMatches) => {
    const grid = await scanAll(six(700), 'value.i < 500.0 || value.i > 600.0', maxMatches, 'grid');
    const framed = await scanAll(six(700), 'value.i < 500.0 || value.i > 600.0', maxMatches, 'frame');
    expect(framed.matches).toEqual(grid.matches);
    expect(framed.summary.matched).toBe(Math.min(maxMatches, 6 * 599));
    expect(framed.summary.ranges).toEqual(grid.summary.ranges);
    expect(framed.batches.every((b) => b.kind === 'frame' && b.rows > 0 && b.rows <= 500)).toBe(true);
    expect(grid.batches.every((b) => b.kind === 'matches')).toBe(true);
  });

  it.each([0, 1])('reuses a Fetch response buffer only once every chunk of it is read (%i worker threads): responses overwrite earlier ones, and no match reported changes', async (threads) => {
    const sizes = six(700);
    const { fetcher, log } = memoryFetcher(sizes, true);
    const { summary, matches } = await scanWith(fetcher, sizes, 'value.i < 500.0 || value.i > 600.0', 1_000_000, 'full', threads);
    const asReported = structuredClone(matches);
    expect(log.fetches.length).toBeGreaterThan(100);
    // Given back and taken again. With a worker, results come later and the scan holds many of these small responses at
    // once (its bound is in bytes: ~3 responses of 2 MiB, hundreds of these), more than the pool keeps, so fewer are reused.
    expect(log.responseBuffers.size).toBeLessThan(threads === 0 ? 10 : log.fetches.length);
    expect(summary.scanned).toBe(6 * 700);
    for (let p = 0; p < 6; p++) {
      const rows = matches.filter((m) => m.partition === p);
      expect(rows.map((m) => m.offset)).toEqual([...Array.from({ length: 500 }, (_, k) => k), ...Array.from({ length: 99 }, (_, k) => 601 + k)]);
      expect(rows.every((m) => (m.value.value as { p: number; i: number }).p === p && (m.value.value as { i: number }).i === m.offset)).toBe(true);
    }
    for (const b of log.responseBuffers) new Uint8Array(b).fill(0xff);
    expect(matches).toEqual(asReported); // nothing reported refers into a response
  });

  it('asks a partition for room for two of its batches once it has seen one, so batches larger than the scan limits do not come one per response', async () => {
    const { fetcher, log, batchBytes } = sizedFetcher(6, 12, 100);
    expect(batchBytes).toBeGreaterThan(SCAN_LIMITS.partitionMaxBytes); // ~300 KB: more than a scan first asks
    const { summary, matches } = await scanWith(fetcher, six(1200), 'true');
    expect(summary.scanned).toBe(6 * 1200);
    for (let p = 0; p < 6; p++) expect(matches.filter((m) => m.partition === p).map((m) => m.offset)).toEqual(Array.from({ length: 1200 }, (_, k) => k));
    // The first two responses carry one batch each (their first partition's, as Kafka sends it); the others' are asked in full.
    expect(log.carried.slice(0, 2)).toEqual([1, 1]);
    expect([...log.asked[0]!.values()]).toEqual([SCAN_LIMITS.partitionMaxBytes, SCAN_LIMITS.partitionMaxBytes, SCAN_LIMITS.partitionMaxBytes]);
    const later = log.asked.slice(2).flatMap((a) => [...a.values()]);
    const twoBatches = (n: number) => n >= 2 * batchBytes && n <= 2 * (batchBytes + 1000); // the batches differ by a few bytes
    expect(later.every((n) => twoBatches(n) || n === PARTITION_BYTES_MAX)).toBe(true);
    expect(later.filter(twoBatches).length).toBeGreaterThan(later.length / 2);
    // 72 batches: at the scan limits' size, one a response; here 16 responses (most with five or six).
    expect(log.carried.reduce((a, b) => a + b, 0)).toBe(72);
    expect(log.asked.length).toBeLessThanOrEqual(18);
  });
});
