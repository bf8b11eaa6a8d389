import { cancelled } from '../../../shared/errors';
import type { BrowseRecord, ScannedRange, SearchProgress, SearchSummary } from '../../../shared/model/browse';
import type { DecodedPart } from '../../../shared/model/record';
import { evaluationMessage, type CompiledFilter, type FilterContext } from './cel-filter';
import { SCAN_LIMITS, type PartitionChunk, type PartitionFetcher } from './partition-fetcher';
import type { RawRecord } from './record-batch';
import type { RecordReaders } from './record-decoder';
import { browseRecord, headerView, PAGE_PART_LIMIT } from './record-view';
import type { ScanPlan } from './scan-plan';

export interface ScanSink {
  /** Matches found since the last call, in the order scanned. The scan waits for this to settle (backpressure). */
  matches(records: BrowseRecord[]): void | Promise<void>;
  progress(p: SearchProgress): void;
}

export interface ScanOptions {
  filter?: CompiledFilter;
  text?: string;
  maxMatches: number;
}

const PROGRESS_EVERY_MS = 250;
const FLUSH_EVERY = 500;

class Counter {
  readonly counts = new Map<string, number>();
  add(reason: string) {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }
  list<K extends string>(name: K): ({ [P in K]: string } & { count: number })[] {
    return [...this.counts].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([text, count]) => ({ [name]: text, count }) as { [P in K]: string } & { count: number });
  }
}

/** What the filter and text search see of a decoded part: the decoded value, or the hex of undecodable bytes. */
const celValue = (part: DecodedPart) => part.value ?? null;
const partText = (part: DecodedPart) => (part.kind === 'null' ? '' : typeof part.value === 'string' ? part.value : JSON.stringify(part.value));

/**
 * Scans planned offset ranges: one Fetch per leader kept in flight while the previous one is filtered,
 * parts decoded only when the filter or text search reads them, matches streamed in batches, progress
 * with exact per-partition scanned ranges. Memory holds one fetch response and one batch of matches.
 */
export async function scan(fetcher: PartitionFetcher, readers: RecordReaders, plan: ScanPlan, options: ScanOptions, sink: ScanSink, signal?: AbortSignal): Promise<SearchSummary> {
  const started = performance.now();
  const ranges: ScannedRange[] = plan.ranges.map((r) => ({ ...r, scannedTo: r.from }));
  const byPartition = new Map(ranges.map((r) => [r.partition, r]));
  const total = ranges.reduce((n, r) => n + (r.to - r.from), 0);
  const needle = options.text?.toLowerCase() || undefined;
  const uses = options.filter?.uses;
  const timeWindow = plan.window;
  const needKey = Boolean(needle) || Boolean(uses?.has('key'));
  const needValue = Boolean(needle) || Boolean(uses?.has('value'));
  // A JSON part (auto/json formats, text starting with { or [, no escapes) that lacks a literal the filter
  // requires cannot match: rule it out without decoding. Escaped text is always decoded.
  const literalCheck = (variable: 'key' | 'value') => {
    const format = readers.formats[variable];
    const needles = (options.filter?.required ?? []).filter((r) => r.variable === variable).map((r) => Buffer.from(JSON.stringify(r.literal), 'utf8'));
    if ((format !== 'auto' && format !== 'json') || needles.length === 0 || needles.some((n) => n.includes(0x5c))) return null;
    return (b: Buffer | null): boolean => {
      if (b === null || b.length === 0 || (b[0] !== 0x7b && b[0] !== 0x5b) || b.includes(0x5c)) return true;
      for (const n of needles) if (!b.includes(n)) return false;
      return true;
    };
  };
  const keyMayMatch = needle ? null : literalCheck('key');
  const valueMayMatch = needle ? null : literalCheck('value');
  let ruledOut = 0;
  const needHeaders = Boolean(needle) || Boolean(uses?.has('headers'));
  // A filter that reads only value.<field>s sees a value built with just those fields; a match is decoded whole.
  const projection = needle ? null : (options.filter?.valueFields ?? null);
  const readValue = projection ? await readers.valueFields(projection) : readers.value;
  const decodeErrors = new Counter();
  const filterErrors = new Counter();
  let scanned = 0;
  let matched = 0;
  let bytes = 0;
  let pending: BrowseRecord[] = [];
  let lastProgress = started;
  let stoppedBecause: SearchSummary['stoppedBecause'] = 'complete';

  const progress = (): SearchProgress => {
    const elapsedMs = performance.now() - started;
    const recordsPerSec = elapsedMs > 0 ? Math.round((scanned * 1000) / elapsedMs) : 0;
    const remaining = ranges.reduce((n, r) => n + (r.to - r.scannedTo), 0);
    return {
      scanned,
      total,
      matched,
      bytes,
      recordsPerSec,
      etaMs: recordsPerSec > 0 && scanned > 0 ? Math.round((remaining * 1000) / recordsPerSec) : null,
      elapsedMs: Math.round(elapsedMs),
      ranges: ranges.map((r) => ({ ...r })),
    };
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const out = pending;
    pending = [];
    await sink.matches(out);
  };
  const decoded = (p: DecodedPart): DecodedPart => {
    if (p.error) decodeErrors.add(p.error);
    return p;
  };

  /** Whether a record matches, given its parts decoded as far as the filter needs them. */
  const matches = (partition: number, r: RawRecord, key: DecodedPart | null, value: DecodedPart | null): boolean => {
    const headers = needHeaders ? r.headers.map(headerView) : null;
    if (needle) {
      let hit = partText(key!).toLowerCase().includes(needle) || partText(value!).toLowerCase().includes(needle);
      for (let i = 0; !hit && i < headers!.length; i++) hit = `${headers![i]!.key}\u0000${headers![i]!.value ?? headers![i]!.hex ?? ''}`.toLowerCase().includes(needle);
      if (!hit) return false;
    }
    if (!options.filter) return true;
    const context: FilterContext = { partition, offset: r.offset, size: r.size };
    if (key) context.key = celValue(key);
    if (value) context.value = celValue(value);
    if (headers) context.headers = Object.fromEntries(headers.map((h) => [h.key, h.value ?? h.hex ?? null]));
    if (uses!.has('timestamp')) context.timestamp = new Date(r.timestamp);
    try {
      return options.filter.test(context);
    } catch (e) {
      filterErrors.add(evaluationMessage(e));
      return false;
    }
  };

  const keep = async (partition: number, r: RawRecord, key: DecodedPart | null, value: DecodedPart | null): Promise<void> => {
    const tooBig = (b: Buffer | null) => b !== null && b.length > PAGE_PART_LIMIT;
    const [k, v] = await Promise.all([
      key && !tooBig(r.key) ? key : readers.key(tooBig(r.key) ? r.key!.subarray(0, 256) : r.key),
      value && !tooBig(r.value) ? value : readers.value(tooBig(r.value) ? r.value!.subarray(0, 256) : r.value),
    ]);
    pending.push(browseRecord(partition, r, k, v, tooBig(r.key) || tooBig(r.value)));
    matched++;
  };

  const positions = new Map(ranges.filter((r) => r.from < r.to).map((r) => [r.partition, r.from]));
  let inflight: Promise<Map<number, PartitionChunk>> | null = positions.size ? fetcher.fetch(new Map(positions), SCAN_LIMITS, signal) : null;
  try {
    outer: while (inflight) {
      const chunks = await inflight;
      inflight = null;
      if (signal?.aborted) throw cancelled();
      // Ask for what comes next before filtering this response.
      for (const [p, chunk] of chunks) {
        const range = byPartition.get(p)!;
        // No records and no progress is not the end: the response's size limit was used up by other partitions.
        if (chunk.outOfRange || chunk.nextOffset >= range.to || chunk.nextOffset >= chunk.highWatermark) positions.delete(p);
        else positions.set(p, chunk.nextOffset);
        if (chunk.outOfRange) plan.notes.push(`Partition ${p}: offsets ${range.scannedTo}… were deleted by retention during the scan (now from ${chunk.logStartOffset})`);
      }
      if (positions.size > 0 && matched < options.maxMatches) inflight = fetcher.fetch(new Map(positions), SCAN_LIMITS, signal);
      for (const [p, chunk] of chunks) {
        const range = byPartition.get(p)!;
        for (const r of chunk.records) {
          if (r.offset >= range.to) break;
          scanned++;
          bytes += r.size;
          range.scannedTo = r.offset + 1;
          if (timeWindow && (r.timestamp < timeWindow.from || (timeWindow.to !== undefined && r.timestamp >= timeWindow.to))) continue;
          if ((valueMayMatch && !valueMayMatch(r.value)) || (keyMayMatch && !keyMayMatch(r.key))) {
            ruledOut++;
            continue;
          }
          // Parts are decoded only when read; a promise only when a schema must be fetched first.
          let key: DecodedPart | Promise<DecodedPart> | null = needKey ? readers.key(r.key) : null;
          if (key instanceof Promise) key = await key;
          let value: DecodedPart | Promise<DecodedPart> | null = needValue ? readValue(r.value) : null;
          if (value instanceof Promise) value = await value;
          if (!matches(p, r, key && decoded(key), value && decoded(value))) continue;
          await keep(p, r, key, projection ? null : value);
          if (matched >= options.maxMatches) {
            stoppedBecause = 'max-matches';
            break outer;
          }
          if (pending.length >= FLUSH_EVERY) await flush();
        }
        range.scannedTo = Math.min(Math.max(range.scannedTo, chunk.outOfRange ? range.to : chunk.nextOffset), range.to);
      }
      const now = performance.now();
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        await flush();
        lastProgress = now;
        sink.progress(progress());
      }
    }
  } finally {
    inflight?.catch(() => undefined);
  }
  await flush();
  if (ruledOut > 0)
    plan.notes.push(`${ruledOut} records were ruled out without decoding: their JSON text lacks a string the filter requires (so the filter was not evaluated on them)`);
  const final = progress();
  sink.progress(final);
  return {
    ...final,
    stoppedBecause,
    decodeErrors: decodeErrors.list('reason'),
    filterErrors: filterErrors.list('message'),
    notes: plan.notes,
  };
}
