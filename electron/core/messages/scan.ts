import { cancelled } from '../../../shared/errors';
import type { BrowseRecord, SearchProgress, SearchSummary } from '../../../shared/model/messages';
import type { DecodedPart } from '../../../shared/model/record';
import type { CompiledFilter } from './cel-filter';
import { SCAN_LIMITS, type PartitionChunk, type PartitionFetcher } from '../kafka/partition-fetcher';
import type { RawRecord } from '../kafka/record-batch';
import type { PartReader, RecordReaders } from './record-decoder';
import { browseRecord, PAGE_PART_LIMIT } from './record-view';
import { RecordMatcher } from './scan-matcher';
import type { ScanPlan } from './scan-plan';
import { ScanProgressTracker } from './scan-progress';

export interface ScanSink {
  /** Matches found since the last call, in the order scanned. The scan waits for this to settle (backpressure). */
  matches(records: BrowseRecord[]): void | Promise<void>;
  progress(p: SearchProgress): void;
}

export interface ScanOptions {
  filter?: CompiledFilter;
  text?: string;
  undecodable?: boolean;
  maxMatches: number;
}

const PROGRESS_EVERY_MS = 250;
const FLUSH_EVERY = 500;
/**
 * Records filtered between two turns of the event loop. A 2 MiB response is ~15,000 records: filtered in one go,
 * it held the loop for up to 0.8 s on a busy machine, so a cancel, a shutdown signal or another client waited that long.
 */
const YIELD_EVERY = 1000;

/**
 * Positions for the next fetch after a response: a partition is done when it reached its range's end or
 * the high watermark, or lost its offsets to retention (noted in the plan).
 */
function advancePositions(positions: Map<number, number>, chunks: Map<number, PartitionChunk>, progress: ScanProgressTracker, plan: ScanPlan) {
  for (const [p, chunk] of chunks) {
    const range = progress.range(p);
    // No records and no progress is not the end: the response's size limit was used up by other partitions.
    if (chunk.outOfRange || chunk.nextOffset >= range.to || chunk.nextOffset >= chunk.highWatermark) positions.delete(p);
    else positions.set(p, chunk.nextOffset);
    if (chunk.outOfRange) plan.notes.push(`Partition ${p}: offsets ${range.scannedTo}… were deleted by retention during the scan (now from ${chunk.logStartOffset})`);
  }
}

/** Matched records, batched for the sink. */
class MatchBuffer {
  private pending: BrowseRecord[] = [];
  constructor(private readonly sink: ScanSink) {}
  get size() {
    return this.pending.length;
  }
  push(record: BrowseRecord) {
    this.pending.push(record);
  }
  async flush() {
    if (this.pending.length === 0) return;
    const out = this.pending;
    this.pending = [];
    await this.sink.matches(out);
  }
}

/**
 * A match as the page shows it: parts the filter did not decode (or built only in part) are decoded whole.
 * Parts decoded here for the first time count in the summary's decode errors (the filter counted the others).
 */
async function matchedRecord(readers: RecordReaders, matcher: RecordMatcher, partition: number, r: RawRecord, key: DecodedPart | null, value: DecodedPart | null): Promise<BrowseRecord> {
  const tooBig = (b: Buffer | null) => b !== null && b.length > PAGE_PART_LIMIT;
  const whole = (part: DecodedPart | null, bytes: Buffer | null, read: PartReader, projected: boolean) => {
    if (tooBig(bytes)) return read(bytes!.subarray(0, 256));
    if (part && !projected) return part;
    const decoded = read(bytes);
    if (part) return decoded; // built in part for the filter, which counted its error
    return decoded instanceof Promise ? decoded.then((d) => matcher.decoded(d)) : matcher.decoded(decoded);
  };
  const [k, v] = await Promise.all([whole(key, r.key, readers.key, false), whole(value, r.value, readers.value, matcher.projection !== null)]);
  return browseRecord(partition, r, k, v, tooBig(r.key) || tooBig(r.value));
}

/**
 * Scans planned offset ranges: one Fetch per leader kept in flight while the previous one is filtered,
 * parts decoded only when the filter or text search reads them, matches streamed in batches, progress
 * with exact per-partition scanned ranges. Memory holds one fetch response and one batch of matches.
 */
export async function scan(fetcher: PartitionFetcher, readers: RecordReaders, plan: ScanPlan, options: ScanOptions, sink: ScanSink, signal?: AbortSignal): Promise<SearchSummary> {
  const progress = new ScanProgressTracker(plan);
  const matcher = await RecordMatcher.create(readers, options);
  const buffer = new MatchBuffer(sink);
  const timeWindow = plan.window;
  let lastProgress: number | null = null;
  let stoppedBecause: SearchSummary['stoppedBecause'] = 'complete';
  let sinceYield = 0;

  /** Scans one partition's chunk; false once the scan has all the matches it may return. */
  const scanChunk = async (p: number, chunk: PartitionChunk): Promise<boolean> => {
    const range = progress.range(p);
    for (const r of chunk.records) {
      if (r.offset >= range.to) break;
      if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
        if (signal?.aborted) throw cancelled();
      }
      progress.scanned++;
      progress.bytes += r.size;
      range.scannedTo = r.offset + 1;
      if (timeWindow && (r.timestamp < timeWindow.from || (timeWindow.to !== undefined && r.timestamp >= timeWindow.to))) continue;
      if (!matcher.mayMatch(r)) continue;
      // Parts are decoded only when read; a promise only when a schema must be fetched first.
      let key: DecodedPart | Promise<DecodedPart> | null = matcher.needKey ? readers.key(r.key) : null;
      if (key instanceof Promise) key = await key;
      let value: DecodedPart | Promise<DecodedPart> | null = matcher.needValue ? matcher.readValue(r.value) : null;
      if (value instanceof Promise) value = await value;
      if (!matcher.test(p, r, key && matcher.decoded(key), value && matcher.decoded(value))) continue;
      buffer.push(await matchedRecord(readers, matcher, p, r, key, value));
      progress.matched++;
      if (progress.matched >= options.maxMatches) {
        stoppedBecause = 'max-matches';
        return false;
      }
      if (buffer.size >= FLUSH_EVERY) await buffer.flush();
    }
    progress.chunkDone(p, chunk);
    return true;
  };

  const positions = progress.startPositions();
  // The next response is fetched while this one is filtered: if it fails meanwhile (the broker goes, a shutdown
  // closes the socket), its rejection is seen at the next await, not reported as unhandled (which ends a process).
  const prefetch = () => {
    const next = fetcher.fetch(new Map(positions), SCAN_LIMITS, signal);
    next.catch(() => undefined);
    return next;
  };
  let inflight: Promise<Map<number, PartitionChunk>> | null = positions.size ? prefetch() : null;
  outer: while (inflight) {
    const chunks = await inflight;
    inflight = null;
    if (signal?.aborted) throw cancelled();
    // Ask for what comes next before filtering this response.
    advancePositions(positions, chunks, progress, plan);
    if (positions.size > 0 && progress.matched < options.maxMatches) inflight = prefetch();
    for (const [p, chunk] of chunks) if (!(await scanChunk(p, chunk))) break outer;
    const now = performance.now();
    // The first response is reported at once (a scan shows its figures without waiting), then every PROGRESS_EVERY_MS.
    if (lastProgress === null || now - lastProgress >= PROGRESS_EVERY_MS) {
      await buffer.flush();
      lastProgress = now;
      sink.progress(progress.snapshot());
    }
  }
  await buffer.flush();
  if (matcher.ruledOut > 0)
    plan.notes.push(`${matcher.ruledOut} records were ruled out without decoding: their JSON text lacks a string the filter requires (so the filter was not evaluated on them)`);
  const final = progress.snapshot();
  sink.progress(final);
  return {
    ...final,
    stoppedBecause,
    decodeErrors: matcher.decodeErrors.list('reason'),
    decodeFallbacks: matcher.decodeFallbacks.list('reason'),
    filterErrors: matcher.filterErrors.list('message'),
    notes: plan.notes,
  };
}
