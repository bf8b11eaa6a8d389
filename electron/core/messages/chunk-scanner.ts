import { cancelled } from '../../../shared/errors';
import type { MatchFrame } from '../../../shared/model/match-frame';
import type { BrowseRecord, SearchView } from '../../../shared/model/messages';
import type { DecodedPart } from '../../../shared/model/record';
import { readChunkSpans } from '../kafka/chunk-reader';
import { NO_HEADERS, type RawRecord } from '../kafka/record-batch';
import { spanRecord, spanView } from '../kafka/record-spans';
import type { PartReader, RecordReaders } from './record-decoder';
import { MatchFrameBuilder } from './match-frame-builder';
import { browseRecord, gridRecord, PAGE_PART_LIMIT } from './record-view';
import { RecordMatcher, type MatchOptions, type RecordFacts } from './scan-matcher';

/** One partition's fetched bytes to scan: records in [from, to) and, with a window, in its time range. */
export interface ChunkJob {
  partition: number;
  from: number;
  to: number;
  bytes: Uint8Array | null;
  window?: { from: number; to?: number };
  /** Matches past this many are not built (the scan stops there anyway). */
  maxMatches: number;
  /** Stop at the first failure (the summary says where) instead of reporting it and going on. */
  stopOnError?: boolean;
}

/** A record the scan could not process (a batch that cannot be read, a decoder that threw, a crashed worker). */
export interface ScanFailure {
  partition: number;
  offset: number;
  message: string;
}

export interface ChunkResult {
  partition: number;
  /** The matches, unless they are in `frame` (view 'frame'). */
  matches: BrowseRecord[];
  frame?: MatchFrame;
  /** For each match, the records and bytes scanned in this chunk up to and including it (to stop exactly at a match). */
  scannedAt: number[];
  bytesAt: number[];
  scanned: number;
  bytes: number;
  /** The offset after the last record looked at (the chunk's own end is the fetch's business). */
  scannedTo: number;
  ruledOut: number;
  decodeErrors: [string, number][];
  decodeFallbacks: [string, number][];
  filterErrors: [string, number][];
  failures: ScanFailure[];
  /** The chunk was left before its end: `maxMatches` reached, or a failure under `stopOnError`. */
  stopped: boolean;
}

/**
 * Records filtered between two turns of the event loop. A 2 MiB response is ~15,000 records: filtered in one go,
 * it held the loop for up to 0.8 s on a busy machine, so a cancel, a shutdown signal or another client waited that long.
 */
const YIELD_EVERY = 1000;

/**
 * Reads, decodes and filters one chunk of a partition: the same code in the core's thread and on a scan worker.
 * Parts are decoded only when the filter or text search reads them; a match is decoded whole for the page.
 * A batch or record that fails is reported with its offset and the chunk goes on.
 */
export class ChunkScanner {
  private sinceYield = 0;

  private constructor(
    private readonly readers: RecordReaders,
    readonly matcher: RecordMatcher,
    private readonly view: SearchView,
  ) {}

  /**
   * `view` 'grid' or 'frame': matches are built as the search grid shows them (gridRecord, or a MatchFrame's rows),
   * here rather than after the merge: a worker's matches then cross to the core without the decoded bodies the grid
   * drops (and in a frame, as a few columns rather than an object each).
   */
  static async create(readers: RecordReaders, options: MatchOptions & { view?: SearchView }): Promise<ChunkScanner> {
    return new ChunkScanner(readers, await RecordMatcher.create(readers, options), options.view ?? 'full');
  }

  async scan(job: ChunkJob, signal?: AbortSignal): Promise<ChunkResult> {
    const { partition: p, window } = job;
    const read = await readChunkSpans(job.bytes, job.from);
    const out: ChunkResult = { partition: p, matches: [], scannedAt: [], bytesAt: [], scanned: 0, bytes: 0, scannedTo: job.from, ruledOut: 0, decodeErrors: [], decodeFallbacks: [], filterErrors: [], failures: [], stopped: false };
    const unreadable = read.unreadable.filter((u) => u.offset < job.to);
    // Under stopOnError nothing at or past the first unreadable batch is scanned.
    const stopAt = job.stopOnError && unreadable.length > 0 ? unreadable[0]!.offset : Infinity;
    for (const u of job.stopOnError ? unreadable.slice(0, 1) : unreadable) out.failures.push({ partition: p, offset: u.offset, message: u.message });
    const { matcher, readers } = this;
    const frame = this.view === 'frame' ? new MatchFrameBuilder() : null;
    let matched = 0;
    // What the filter reads of a record besides its parts, one object for the chunk (the filter keeps none of it).
    const facts: RecordFacts = { offset: 0, size: 0, timestamp: 0, headers: NO_HEADERS };
    chunk: for (const { section, spans } of read.batches) {
      matcher.setSection(section);
      for (let i = 0; i < spans.count; i++) {
        const offset = spans.offset[i]!;
        if (offset >= job.to || offset >= stopAt) break chunk;
        if (++this.sinceYield >= YIELD_EVERY) {
          this.sinceYield = 0;
          await new Promise((resolve) => setImmediate(resolve));
          if (signal?.aborted) throw cancelled();
        }
        const timestamp = spans.timestamp[i]!;
        out.scanned++;
        out.bytes += spans.size[i]!;
        out.scannedTo = offset + 1;
        if (window && (timestamp < window.from || (window.to !== undefined && timestamp >= window.to))) continue;
        try {
          if (!matcher.mayMatchAt(section, spans.keyAt[i]!, spans.keyLength[i]!, spans.valueAt[i]!, spans.valueLength[i]!)) continue;
          // Views and objects for this record only now that it is decoded (most records of a scan need none but the value's).
          let r: RawRecord | null = matcher.needHeaders ? spanRecord(spans, i, section) : null;
          // Parts are decoded only when read; a promise only when a schema must be fetched first.
          let key: DecodedPart | Promise<DecodedPart> | null = matcher.needKey ? readers.key(r ? r.key : spanView(section, spans.keyAt[i]!, spans.keyLength[i]!)) : null;
          if (key instanceof Promise) key = await key;
          let value: DecodedPart | Promise<DecodedPart> | null = matcher.needValue ? matcher.readValueAt(section, spans.valueAt[i]!, spans.valueLength[i]!) : null;
          if (value instanceof Promise) value = await value;
          if (!r) {
            facts.offset = offset;
            facts.size = spans.size[i]!;
            facts.timestamp = timestamp;
          }
          if (!matcher.test(p, r ?? facts, key && matcher.decoded(key), value && matcher.decoded(value))) continue;
          r ??= spanRecord(spans, i, section);
          const match = await matchedRecord(readers, matcher, p, r, key, value);
          if (frame) frame.add(match);
          else out.matches.push(this.view === 'grid' ? gridRecord(match) : match);
          matched++;
        } catch (e) {
          out.failures.push({ partition: p, offset, message: `the record could not be decoded or filtered: ${(e as Error)?.message ?? String(e)}` });
          if (!job.stopOnError) continue;
          out.stopped = true;
          break chunk;
        }
        out.scannedAt.push(out.scanned);
        out.bytesAt.push(out.bytes);
        if (matched >= job.maxMatches) {
          out.stopped = true;
          break chunk;
        }
      }
    }
    if (stopAt !== Infinity && !out.stopped) {
      out.stopped = true;
      out.scannedTo = Math.max(out.scannedTo, stopAt);
    }
    matcher.setSection(null);
    if (frame) out.frame = frame.build();
    out.ruledOut = matcher.drainRuledOut();
    out.decodeErrors = matcher.decodeErrors.drain();
    out.decodeFallbacks = matcher.decodeFallbacks.drain();
    out.filterErrors = matcher.filterErrors.drain();
    return out;
  }
}

/**
 * A match as the page shows it: parts the filter did not decode (or built only in part) are decoded whole.
 * Parts decoded here for the first time count in the summary's decode errors (the filter counted the others).
 * Only an Avro value is ever built in part (PartDecoder projects Avro records alone): a JSON or Protobuf value the
 * filter read is already whole and is not decoded again.
 */
async function matchedRecord(readers: RecordReaders, matcher: RecordMatcher, partition: number, r: RawRecord, key: DecodedPart | null, value: DecodedPart | null): Promise<BrowseRecord> {
  const projected = matcher.projection !== null && value !== null && value.wire?.schemaType === 'AVRO';
  const [k, v] = await Promise.all([wholePart(matcher, key, r.key, readers.key, false), wholePart(matcher, value, r.value, readers.value, projected)]);
  return browseRecord(partition, r, k, v, tooBig(r.key) || tooBig(r.value));
}

const tooBig = (b: Buffer | null) => b !== null && b.length > PAGE_PART_LIMIT;

function wholePart(matcher: RecordMatcher, part: DecodedPart | null, bytes: Buffer | null, read: PartReader, projected: boolean): DecodedPart | Promise<DecodedPart> {
  if (tooBig(bytes)) return read(bytes!.subarray(0, 256));
  if (part && !projected) return part;
  const decoded = read(bytes);
  if (part) return decoded; // built in part for the filter, which counted its error
  return decoded instanceof Promise ? decoded.then((d) => matcher.decoded(d)) : matcher.decoded(decoded);
}
