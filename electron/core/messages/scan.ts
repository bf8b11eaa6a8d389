import { cancelled } from '../../../shared/errors';
import type { MatchFrame } from '../../../shared/model/match-frame';
import type { BrowseRecord, SearchProgress, SearchSummary } from '../../../shared/model/messages';
import { SCAN_LIMITS, type PartitionFetcher, type RawChunk } from '../kafka/partition-fetcher';
import { releaseResponse } from '../kafka/response-reader';
import type { ChunkResult, ScanFailure } from './chunk-scanner';
import type { ChunkExecutor } from './scan-executor';
import { ReasonCounter } from './scan-matcher';
import { PartitionFetchSizes } from './partition-fetch-sizes';
import { PendingMatches } from './pending-matches';
import type { ScanPlan } from './scan-plan';
import { ScanProgressTracker } from './scan-progress';

export interface ScanSink {
  /** Matches found since the last call, in the order scanned. The scan waits for this to settle (backpressure). */
  matches(records: BrowseRecord[]): void | Promise<void>;
  /** The same, for a scan whose matches are built as frames (view 'frame'). */
  frame?(frame: MatchFrame): void | Promise<void>;
  progress(p: SearchProgress): void;
}

export interface ScanOptions {
  maxMatches: number;
  /** Stop at the first record or batch that fails instead of reporting it and going on. */
  stopOnError?: boolean;
}

const PROGRESS_EVERY_MS = 250;
const FLUSH_EVERY = 500;
const FETCHES_IN_FLIGHT = 2;
/**
 * Fetched bytes handed to the executor and not yet merged — the scan's memory, whatever the topic's size: a response
 * per worker thread and one more, enough to keep every thread busy.
 */
const queueLimit = (threads: number) => (threads + 1) * SCAN_LIMITS.maxBytes;
const FAILURES_KEPT = 20;

/**
 * Positions for the next fetch after a response: a partition is done when it reached its range's end or
 * the high watermark, or lost its offsets to retention (noted in the plan).
 */
function advancePositions(positions: Map<number, number>, chunks: Map<number, RawChunk>, progress: ScanProgressTracker, plan: ScanPlan) {
  for (const [p, chunk] of chunks) {
    const range = progress.range(p);
    // No records and no progress is not the end: the response's size limit was used up by other partitions.
    if (chunk.outOfRange || chunk.nextOffset >= range.to || chunk.nextOffset >= chunk.highWatermark) positions.delete(p);
    else positions.set(p, chunk.nextOffset);
    if (chunk.outOfRange) plan.notes.push(`Partition ${p}: offsets ${range.scannedTo}… were deleted by retention during the scan (now from ${chunk.logStartOffset})`);
  }
}

interface Queued {
  chunk: RawChunk;
  result: Promise<ChunkResult>;
  done: boolean;
  bytes: number;
  /**
   * Its fetch's response: a view into it, and the fetch's chunks not merged yet (it is given back when none is left).
   * A fetch over several leaders has a response each: the one viewed is given back, the others left to the collector.
   */
  response: { view: Uint8Array | null; unmerged: number };
}

/**
 * Scans planned offset ranges: two Fetches kept in flight (each for half the partitions) while earlier responses are read, decoded and
 * filtered by the executor (on worker threads, or in this thread), results merged in the order fetched — so every
 * partition's offsets are reported once, in order, whichever thread read them — matches streamed in batches the
 * sink can hold back, progress with exact per-partition scanned ranges. Memory holds at most queueLimit() of
 * fetched bytes and one batch of matches.
 */
export async function scan(fetcher: PartitionFetcher, executor: ChunkExecutor, plan: ScanPlan, options: ScanOptions, sink: ScanSink, signal?: AbortSignal): Promise<SearchSummary> {
  const progress = new ScanProgressTracker(plan);
  const counters = { decodeErrors: new ReasonCounter(), decodeFallbacks: new ReasonCounter(), filterErrors: new ReasonCounter() };
  const failures: ScanFailure[] = [];
  let failureCount = 0;
  let ruledOut = 0;
  const pending = new PendingMatches();
  // Batches of at most FLUSH_EVERY: a chunk can hold thousands of matches, and each batch is one event a slow
  // consumer holds back (so what waits for it is bounded by its window, not by a response's size).
  const flush = async () => {
    for (const batch of pending.take(FLUSH_EVERY)) {
      if (Array.isArray(batch)) await sink.matches(batch);
      else if (sink.frame) await sink.frame(batch);
      else throw new Error('the scan built frames of matches for a sink that takes none');
      if (signal?.aborted) throw cancelled(); // cancelled while the consumer held the scan back
    }
  };
  let stoppedBecause: SearchSummary['stoppedBecause'] = 'complete';
  let lastProgress: number | null = null;

  /** Merges one chunk's result; false once the scan stops (enough matches, or a failure under stopOnError). */
  const merge = async (chunk: RawChunk, r: ChunkResult): Promise<boolean> => {
    const range = progress.range(r.partition);
    const room = options.maxMatches - progress.matched;
    const found = PendingMatches.found(r);
    const cut = Math.min(found, room);
    const full = found >= room;
    // Enough matches: the scan ends exactly at the last one kept.
    const scanned = full ? r.scannedAt[cut - 1]! : r.scanned;
    const scannedTo = full ? PendingMatches.offsetOf(r, cut - 1) + 1 : r.scannedTo;
    pending.add(r, cut);
    progress.matched += cut;
    progress.scanned += scanned;
    progress.bytes += full ? r.bytesAt[cut - 1]! : r.bytes;
    range.scannedTo = Math.max(range.scannedTo, Math.min(scannedTo, range.to));
    ruledOut += r.ruledOut;
    counters.decodeErrors.addAll(r.decodeErrors);
    counters.decodeFallbacks.addAll(r.decodeFallbacks);
    counters.filterErrors.addAll(r.filterErrors);
    for (const f of r.failures) {
      if (full && f.offset >= scannedTo) continue;
      failureCount++;
      if (failures.length < FAILURES_KEPT) failures.push(f);
    }
    if (full) stoppedBecause = 'max-matches';
    else if (r.stopped && options.stopOnError && r.failures.length > 0) stoppedBecause = 'error';
    else if (!r.stopped) progress.chunkDone(r.partition, chunk);
    if (pending.count >= FLUSH_EVERY) await flush();
    return stoppedBecause === 'complete';
  };

  const positions = progress.startPositions();
  const fetchSizes = new PartitionFetchSizes();
  // Two fetches in flight, each for its own partitions: the broker answers one request per connection at a time, so
  // with one, it sat idle while the client read a response and sent the next request (10M Avro records: both threads
  // idle ~40% of the scan). A partition is in one fetch at a time, so its chunks still come in offset order.
  const inflight: { partitions: number[]; response: Promise<Map<number, RawChunk>> }[] = [];
  const fetchMore = () => {
    while (inflight.length < FETCHES_IN_FLIGHT && progress.matched < options.maxMatches) {
      const idle = [...positions.keys()].filter((p) => !inflight.some((f) => f.partitions.includes(p)));
      if (idle.length === 0) return;
      // With nothing in flight the idle partitions are split, so the second fetch has partitions of its own.
      const partitions = inflight.length === 0 && idle.length > 1 ? idle.slice(0, Math.ceil(idle.length / FETCHES_IN_FLIGHT)) : idle;
      // If it fails while an earlier response is read (the broker goes, a shutdown closes the socket), its rejection is
      // seen when it is awaited, not reported as unhandled (which ends a process).
      const response = fetcher.fetchRaw(new Map(partitions.map((p) => [p, positions.get(p)!])), SCAN_LIMITS, signal, fetchSizes.sizes);
      response.catch(() => undefined);
      inflight.push({ partitions, response });
    }
  };
  const queue: Queued[] = [];
  let queuedBytes = 0;
  const submit = (chunk: RawChunk, response: Queued['response']) => {
    const range = progress.range(chunk.partition);
    const job = { partition: chunk.partition, from: chunk.from, to: range.to, bytes: chunk.bytes, maxMatches: options.maxMatches - progress.matched, ...(plan.window ? { window: plan.window } : {}), ...(options.stopOnError ? { stopOnError: true } : {}) };
    const empty = chunk.outOfRange || !chunk.bytes || chunk.bytes.length === 0;
    const entry: Queued = { chunk, result: empty ? Promise.resolve(nothing(chunk)) : executor.submit(job), done: false, bytes: chunk.bytes?.length ?? 0, response };
    entry.result.then(
      () => (entry.done = true),
      () => (entry.done = true),
    );
    queue.push(entry);
    queuedBytes += entry.bytes;
  };

  fetchMore();
  while (inflight.length > 0 || queue.length > 0) {
    // Merge what is done; wait for the oldest result only when the queue is full or nothing more comes.
    if (queue.length > 0 && (queue[0]!.done || inflight.length === 0 || queuedBytes >= queueLimit(executor.threads))) {
      const head = queue.shift()!;
      queuedBytes -= head.bytes;
      const r = await head.result;
      if (signal?.aborted) throw cancelled();
      // Every chunk of the response has been read (results hold no views into it): its buffer serves the next one.
      if (--head.response.unmerged === 0 && head.response.view) releaseResponse(head.response.view);
      if (!(await merge(head.chunk, r))) break;
      const now = performance.now();
      // The first result is reported at once (a scan shows its figures without waiting), then every PROGRESS_EVERY_MS.
      if (lastProgress === null || now - lastProgress >= PROGRESS_EVERY_MS) {
        await flush();
        lastProgress = now;
        sink.progress(progress.snapshot());
      }
      continue;
    }
    const chunks = await inflight.shift()!.response;
    if (signal?.aborted) throw cancelled();
    // Ask for what comes next before this response is read.
    advancePositions(positions, chunks, progress, plan);
    for (const chunk of chunks.values()) fetchSizes.saw(chunk, positions.has(chunk.partition));
    fetchMore();
    const response = { view: [...chunks.values()].find((c) => c.bytes)?.bytes ?? null, unmerged: chunks.size };
    for (const chunk of chunks.values()) submit(chunk, response);
  }
  await flush();
  if (ruledOut > 0) plan.notes.push(`${ruledOut} records were ruled out without decoding: their JSON text or Avro bytes lack a string the filter requires (so the filter was not evaluated on them)`);
  if (failureCount > failures.length) plan.notes.push(`${failureCount} records or batches failed; the first ${failures.length} are listed`);
  const { threads, coreScanned } = executor;
  if (threads > 0) plan.notes.push(`Decoded on ${threads} worker thread${threads === 1 ? '' : 's'}${coreScanned ? ` and the core's own thread (${coreScanned.toLocaleString('en')} records)` : ''}`);
  const final = progress.snapshot();
  // The max was reached on the last record of every range: nothing was left out, so no "result limit reached".
  if ((stoppedBecause as SearchSummary['stoppedBecause']) === 'max-matches' && final.ranges.every((r) => r.scannedTo >= r.to)) stoppedBecause = 'complete';
  sink.progress(final);
  return {
    ...final,
    stoppedBecause,
    decodeErrors: counters.decodeErrors.list('reason'),
    decodeFallbacks: counters.decodeFallbacks.list('reason'),
    filterErrors: counters.filterErrors.list('message'),
    failures,
    threads,
    ...(coreScanned ? { coreScanned } : {}),
    notes: plan.notes,
  };
}

/** The result of a chunk with no bytes (out of range, or the response's size limit was used up by others). */
function nothing(chunk: RawChunk): ChunkResult {
  return { partition: chunk.partition, matches: [], scannedAt: [], bytesAt: [], scanned: 0, bytes: 0, scannedTo: chunk.from, ruledOut: 0, decodeErrors: [], decodeFallbacks: [], filterErrors: [], failures: [], stopped: false };
}
