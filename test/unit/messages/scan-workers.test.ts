import { getEventListeners } from 'node:events';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { TopicDecoding } from '../../../shared/model/messages';
import { PartDecoder } from '../../../electron/core/decode/part-decoder';
import { encodeRecordBatch } from '../../../electron/core/kafka/record-batch-writer';
import { compileFilter } from '../../../electron/core/messages/cel-filter';
import { ChunkScanner, type ChunkJob } from '../../../electron/core/messages/chunk-scanner';
import { recordReaders, type PartReader } from '../../../electron/core/messages/record-decoder';
import { chunkExecutor, scanThreads } from '../../../electron/core/messages/scan-executor';
import { endIdleScanWorkers, keptChunkBuffers, ScanWorkerPool } from '../../../electron/core/messages/scan-worker-pool';
import { onceMarker, withScanFaults } from '../../fixtures/scan-worker/with-faults';

const decoding = TopicDecoding.parse({});

/** One batch of JSON records {i} at offsets base…base+n-1 (the writer leaves the base offset to the broker: set here). */
function batch(base: number, n: number, value = (i: number) => JSON.stringify({ i })): Buffer {
  const b = encodeRecordBatch(Array.from({ length: n }, (_, k) => ({ key: null, value: Buffer.from(value(base + k)), headers: [], timestamp: 1000 + base + k })));
  b.writeBigInt64BE(BigInt(base), 0);
  return b;
}

/** A gzip batch whose compressed bytes are cut short: it cannot be decompressed. */
function brokenGzipBatch(base: number, n: number): Buffer {
  const plain = batch(base, n);
  const records = gzipSync(plain.subarray(61)).subarray(0, 10);
  const out = Buffer.concat([plain.subarray(0, 61), records]);
  out.writeInt32BE(out.length - 12, 8);
  out.writeInt16BE(1, 21); // attributes: gzip
  return out;
}

const job = (partition: number, bytes: Buffer, from: number, to: number): ChunkJob => ({ partition, from, to, bytes, maxMatches: 1000 });

async function scanner(filter: string, throwOn?: number) {
  const readers = await recordReaders(decoding, new PartDecoder(null), null);
  const value = readers.value;
  // A decoder that throws on one record, as a broken schema or a decoder bug would (the whole value's reader and the
  // one a filter of value.<field>s reads with).
  const throwing = (read: PartReader): PartReader => (b) => (b && JSON.parse(b.toString()).i === throwOn ? (() => { throw new Error(`decoder bug at ${throwOn}`); })() : read(b));
  if (throwOn !== undefined) {
    readers.value = throwing(value);
    const valueFields = readers.valueFields;
    readers.valueFields = async (fields) => throwing(await valueFields(fields));
  }
  return ChunkScanner.create(readers, { filter: compileFilter(filter) });
}

describe('chunk scanner: bad input goes on', () => {
  it('reports a batch that cannot be read with its offset and scans the batches around it', async () => {
    const s = await scanner('value.i >= 0.0');
    const bytes = Buffer.concat([batch(0, 3), brokenGzipBatch(3, 4), batch(7, 3)]);
    const r = await s.scan(job(4, bytes, 1, 100));
    expect(r.matches.map((m) => m.offset)).toEqual([1, 2, 7, 8, 9]);
    expect(r.failures).toEqual([{ partition: 4, offset: 3, message: expect.stringMatching(/^the batch at offset 3 cannot be read: gzip/) }]);
    expect(r).toMatchObject({ scanned: 5, scannedTo: 10, stopped: false });
    const stop = await s.scan({ ...job(4, bytes, 1, 100), stopOnError: true });
    expect(stop).toMatchObject({ scanned: 2, scannedTo: 3, stopped: true, failures: [{ offset: 3 }] });
  });

  it('reports a record whose decoder throws, with its offset, and goes on (or stops when asked)', async () => {
    const s = await scanner('value.i >= 0.0', 5);
    const r = await s.scan(job(2, batch(0, 8), 0, 8));
    expect(r.matches.map((m) => m.offset)).toEqual([0, 1, 2, 3, 4, 6, 7]);
    expect(r.failures).toEqual([{ partition: 2, offset: 5, message: 'the record could not be decoded or filtered: decoder bug at 5' }]);
    const stop = await s.scan({ ...job(2, batch(0, 8), 0, 8), stopOnError: true });
    expect(stop.matches.map((m) => m.offset)).toEqual([0, 1, 2, 3, 4]);
    expect(stop).toMatchObject({ scannedTo: 6, stopped: true });
  });

  it('stops exactly at maxMatches and at the range end', async () => {
    const s = await scanner('int(value.i) % 3 == 0');
    const r = await s.scan({ ...job(0, batch(10, 20), 12, 28), maxMatches: 2 });
    expect(r.matches.map((m) => m.offset)).toEqual([12, 15]);
    expect(r).toMatchObject({ scannedAt: [1, 4], scannedTo: 16, stopped: true });
    const end = await s.scan(job(0, batch(10, 20), 12, 28));
    expect(end.matches.map((m) => m.offset)).toEqual([12, 15, 18, 21, 24, 27]);
    expect(end).toMatchObject({ scanned: 16, scannedTo: 28 });
  });
});

function pool(threads: number, signal?: AbortSignal, filter = 'int(value.i) % 10 == 0') {
  return new ScanWorkerPool({ threads, data: { decoding, match: { filter }, registry: false }, registry: null }, signal);
}

describe('scan worker pool', () => {
  it('scans chunks on workers and returns exact matches per partition', async () => {
    const p = pool(2);
    try {
      const results = await Promise.all([0, 1, 2, 3].map((part) => p.submit(job(part, Buffer.concat([batch(0, 25), batch(25, 25)]), 5, 41))));
      for (const [part, r] of results.entries()) {
        expect(r.partition).toBe(part);
        expect(r.matches.map((m) => m.offset)).toEqual([10, 20, 30, 40]);
        expect(r).toMatchObject({ scanned: 36, scannedTo: 41, failures: [] });
      }
    } finally {
      await p.close();
    }
  }, 30_000);

  it('sends chunks in buffers the workers give back, a smaller chunk in a larger buffer read to its own end only, no result a view into one', async () => {
    await endIdleScanWorkers(); // no buffers kept from earlier tests
    const p = pool(1);
    try {
      const marked = (i: number) => JSON.stringify({ i, chunk: 'first' });
      const big = await p.submit(job(0, Buffer.concat([batch(0, 400, marked), batch(400, 400, marked)]), 0, 800));
      expect(big.matches).toHaveLength(80);
      const asReturned = structuredClone(big.matches);
      const kept = keptChunkBuffers();
      expect(kept).toBeGreaterThan(0);
      // The next chunk travels in that buffer, which still holds the first chunk's later batches past its end.
      const small = await p.submit(job(3, batch(0, 12), 0, 800));
      expect(small.matches.map((m) => m.offset)).toEqual([0, 10]);
      expect(small).toMatchObject({ partition: 3, scanned: 12, scannedTo: 12, failures: [] });
      expect(keptChunkBuffers()).toBe(kept);
      // Nothing of the first result refers into the buffer the second chunk overwrote.
      expect(big.matches).toEqual(asReturned);
      expect(big.matches[0]!.valuePreview).toContain('first');
    } finally {
      await p.close();
    }
  }, 30_000);

  it('hands the job of a worker that crashed once to a fresh worker, and reports a chunk that crashes twice', async () => {
    await withScanFaults({ crash: { partition: 1, marker: onceMarker() } }, async () => {
      const p = pool(2);
      try {
        const [a, b] = await Promise.all([p.submit(job(0, batch(0, 30), 0, 30)), p.submit(job(1, batch(0, 30), 0, 30))]);
        expect(a.matches.map((m) => m.offset)).toEqual([0, 10, 20]);
        expect(b.matches.map((m) => m.offset)).toEqual([0, 10, 20]);
        expect(b.failures).toEqual([]);
      } finally {
        await p.close();
      }
    });
    await withScanFaults({ crash: { partition: 1 } }, async () => {
      const p = pool(2);
      try {
        const [a, b] = await Promise.all([p.submit(job(0, batch(0, 30), 0, 30)), p.submit(job(1, batch(100, 30), 100, 130))]);
        expect(a.matches.map((m) => m.offset)).toEqual([0, 10, 20]);
        expect(b.matches).toEqual([]);
        expect(b.failures).toEqual([{ partition: 1, offset: 100, message: expect.stringMatching(/a scan worker stopped twice on this chunk \(exit code 7\); offsets 100… of this fetch were not scanned/) }]);
      } finally {
        await p.close();
      }
    });
  }, 60_000);

  it('keeps the workers of a finished scan for the next one, set up anew; not those of a cancelled scan, nor past 30 s', async () => {
    await endIdleScanWorkers();
    const first = pool(2);
    const firstIds = first.threadIds;
    const firsts = await Promise.all([0, 1].map((part) => first.submit(job(part, batch(0, 30), 0, 30)))); // a job each: both set up
    for (const r of firsts) expect(r.matches.map((m) => m.offset)).toEqual([0, 10, 20]);
    await first.close();
    // The same threads, with the next scan's filter and nothing of the last one's.
    const secondScan = new AbortController();
    const second = pool(2, secondScan.signal, 'int(value.i) % 7 == 0');
    expect(second.threadIds.sort()).toEqual(firstIds.sort());
    const results = await Promise.all([0, 1].map((part) => second.submit(job(part, batch(0, 30), 0, 30))));
    for (const r of results) expect(r.matches.map((m) => m.offset)).toEqual([0, 7, 14, 21, 28]);
    await second.close();
    expect(getEventListeners(secondScan.signal, 'abort')).toHaveLength(0); // a closed pool is not held by its scan's signal
    // A cancel terminates them.
    const abort = new AbortController();
    const third = pool(2, abort.signal);
    expect(third.threadIds.sort()).toEqual(firstIds.sort());
    abort.abort();
    await third.close();
    const fourth = pool(1);
    expect(firstIds).not.toContain(fourth.threadIds[0]);
    await fourth.submit(job(0, batch(0, 10), 0, 10));
    // Unused for 30 s, a kept worker ends.
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      await fourth.close();
      vi.advanceTimersByTime(30_001);
    } finally {
      vi.useRealTimers();
    }
    const fifth = pool(1);
    expect(fifth.threadIds[0]).not.toBe(fourth.threadIds[0]);
    await fifth.close();
  }, 30_000);

  it('terminates every worker within 200 ms of a cancel, even one stuck in a loop', async () => {
    await withScanFaults({ hang: { partition: 0 } }, async () => {
      const abort = new AbortController();
      const p = pool(2, abort.signal);
      const stuck = p.submit(job(0, batch(0, 10), 0, 10));
      stuck.catch(() => undefined);
      await p.submit(job(1, batch(0, 10), 0, 10)); // both workers are up
      await new Promise((r) => setTimeout(r, 200));
      const t = performance.now();
      abort.abort();
      await p.close();
      const ms = performance.now() - t;
      console.log(`[scan-workers] abort → both workers terminated in ${ms.toFixed(1)} ms`);
      await expect(stuck).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(ms).toBeLessThan(200);
    });
  }, 30_000);
});

describe('workers helped by the core thread', () => {
  const helped = async (threads: number, signal?: AbortSignal, options: { filter?: string; coreThreadHelps?: boolean } = {}) =>
    chunkExecutor({ threads, readers: await recordReaders(decoding, new PartDecoder(null), null), decoding, registry: null, filter: compileFilter(options.filter ?? 'int(value.i) % 10 == 0'), coreThreadHelps: options.coreThreadHelps }, signal);

  it('gives the core thread the chunks that find every worker with two in hand, each result exact and its own', async () => {
    const e = await helped(1);
    try {
      // One worker holds two chunks; of eight submitted at once the core thread scans the others one by one.
      const results = await Promise.all(Array.from({ length: 8 }, (_, part) => e.submit(job(part, Buffer.concat([batch(0, 25), batch(25, 25)]), 5, 41))));
      for (const [part, r] of results.entries()) {
        expect(r.partition).toBe(part);
        expect(r.matches.map((m) => m.offset)).toEqual([10, 20, 30, 40]);
        expect(r).toMatchObject({ scanned: 36, scannedTo: 41, failures: [] });
      }
      expect(e.threads).toBe(1);
      expect(e.coreScanned).toBeGreaterThanOrEqual(36);
      expect(e.coreScanned).toBeLessThanOrEqual(6 * 36);
      expect(e.coreScanned! % 36).toBe(0);
    } finally {
      await e.close();
    }
  }, 30_000);

  it('scans every chunk on the workers when told not to help', async () => {
    const e = await helped(1, undefined, { filter: 'true', coreThreadHelps: false });
    try {
      const results = await Promise.all(Array.from({ length: 5 }, (_, part) => e.submit(job(part, batch(0, 10), 0, 10))));
      expect(results.map((r) => r.scanned)).toEqual([10, 10, 10, 10, 10]);
      expect(e.coreScanned).toBeNull();
    } finally {
      await e.close();
    }
  }, 30_000);

  it('on a cancel rejects the chunks still waiting and ends within 200 ms, a worker stuck in a loop included', async () => {
    await withScanFaults({ hang: { partition: 0 } }, async () => {
      const abort = new AbortController();
      const e = await helped(1, abort.signal);
      const pending = [0, 1, 2, 3, 4].map((part) => e.submit(job(part, batch(0, 10), 0, 10)));
      for (const p of pending) p.catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
      const t = performance.now();
      abort.abort();
      await e.close();
      const ms = performance.now() - t;
      // Partition 0's chunk hangs its worker: what it held, and what waited behind it, is cancelled.
      await expect(pending[0]).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(ms).toBeLessThan(200);
      await expect(e.submit(job(5, batch(0, 10), 0, 10))).rejects.toMatchObject({ code: 'CANCELLED' });
    });
  }, 30_000);
});

describe('worker thread count', () => {
  it('uses the cores beside the core thread, one per partition, none for a small scan or on one core, and honours a request', () => {
    expect(scanThreads(undefined, 6, 1_000_000, 3)).toBe(2);
    expect(scanThreads(undefined, 6, 1_000_000, 16)).toBe(6);
    expect(scanThreads(undefined, 40, 1_000_000, 16)).toBe(15);
    // On 2 cores one worker, helped by the core thread (bench:browse).
    expect(scanThreads(undefined, 6, 1_000_000, 2)).toBe(1);
    expect(scanThreads(undefined, 1, 1_000_000, 16)).toBe(1);
    expect(scanThreads(undefined, 6, 1_000_000, 1)).toBe(0);
    expect(scanThreads(undefined, 6, 10_000, 16)).toBe(0);
    expect(scanThreads(0, 6, 1_000_000, 16)).toBe(0);
    expect(scanThreads(3, 1, 100, 2)).toBe(3);
  });
});
