import { z } from 'zod';
import type { MatchFrame } from './match-frame';
import type { DecodedPart } from './record';
export type { DecodedPart, WireFacts } from './record';

// Offsets and timestamps cross the wire as JS numbers: Kafka offsets are int64 but stay far below 2^53 in practice.

/** How one part (key or value) of a topic's records is decoded. `subject`: raw Avro/Protobuf/JSON bytes read with a subject's schema (no wire-format header). */
export const PartDecoding = z.discriminatedUnion('format', [
  z.object({ format: z.enum(['auto', 'schema-registry', 'json', 'string', 'hex', 'base64']) }),
  z.object({
    format: z.literal('subject'),
    subject: z.string().min(1),
    /** A registered version; latest when absent. */
    version: z.number().int().positive().optional(),
    /** Protobuf: fully qualified message name; the first message of the file when absent. */
    messageType: z.string().optional(),
  }),
]);
export type PartDecoding = z.infer<typeof PartDecoding>;

/** The per-topic decoding choice. */
export const TopicDecoding = z.object({
  key: PartDecoding.default({ format: 'auto' }),
  value: PartDecoding.default({ format: 'auto' }),
});
export type TopicDecoding = z.infer<typeof TopicDecoding>;

export const Offset = z.number().int().nonnegative();
/** Epoch milliseconds; never negative (ListOffsets reads -1 and -2 as "latest" and "earliest"). */
export const EpochMs = z.number().int().nonnegative();
/** Next offset to read, per partition (partition number as the key). */
export const Positions = z.record(z.string().regex(/^\d+$/), Offset);
export type Positions = z.infer<typeof Positions>;

/** Where reading starts, for every chosen partition. */
export const StartPosition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('beginning') }),
  /** The newest `count` records (over all chosen partitions). */
  z.object({ kind: z.literal('latest'), count: z.number().int().positive().max(10_000).default(200) }),
  /** The same offset in every chosen partition, or one per partition. Clamped to the retained range (with a note). */
  z.object({ kind: z.literal('offset'), offset: Offset.optional(), offsets: Positions.optional() }),
  /** The first record at or after this time (ListOffsets by timestamp), epoch milliseconds. */
  z.object({ kind: z.literal('timestamp'), timestamp: EpochMs }),
  /** A consumer group's committed offsets (read only: the group is never joined). */
  z.object({ kind: z.literal('group'), groupId: z.string().min(1) }),
  /** Continue forward from a page's `next`. */
  z.object({ kind: z.literal('after'), positions: Positions }),
  /** The page before a page's `prev` (records with lower offsets). */
  z.object({ kind: z.literal('before'), positions: Positions }),
]);
export type StartPosition = z.infer<typeof StartPosition>;

export const TopicRef = { profileId: z.string().min(1), topic: z.string().min(1) };
const PartitionChoice = z.array(z.number().int().nonnegative()).min(1).optional();

export const ReadRequest = z.object({
  ...TopicRef,
  /** All partitions when absent. */
  partitions: PartitionChoice,
  start: StartPosition,
  limit: z.number().int().positive().max(5000).default(200),
  /** The topic's saved decoding when absent. */
  decoding: TopicDecoding.optional(),
});
export type ReadRequest = z.input<typeof ReadRequest>;

export const TailRequest = z.object({
  ...TopicRef,
  partitions: PartitionChoice,
  /** Follow from the current end (default) or from given positions. */
  from: Positions.optional(),
  decoding: TopicDecoding.optional(),
});
export type TailRequest = z.input<typeof TailRequest>;

export interface RecordHeader {
  key: string;
  /** UTF-8 text when the bytes are valid UTF-8, else null and `hex` holds them. */
  value: string | null;
  hex?: string;
}

/** One record as the grid and the detail pane show it. */
export interface BrowseRecord {
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: 'create' | 'log-append';
  key: DecodedPart;
  value: DecodedPart;
  headers: RecordHeader[];
  /** Bytes of key + value + headers. */
  size: number;
  /** Short one-line text of key and value for the grid (≤ 200 characters). */
  keyPreview: string;
  valuePreview: string;
  /** Wire-format schema id of the value (or of the key if the value has none). */
  schemaId?: number;
  /** Set when a part larger than the page limit was cut; fetch the record with `messages.get` to see it whole. */
  truncated?: boolean;
}

/** A record with its raw bytes (hex), for the detail pane. */
export interface RecordDetail extends BrowseRecord {
  rawKeyHex: string | null;
  rawValueHex: string | null;
}

export interface PartitionWatermarks {
  partition: number;
  low: number;
  high: number;
}

export interface RecordPage {
  records: BrowseRecord[];
  /** Pass as `{kind:'after', positions: next}` for the next page; null when every chosen partition is read to its end. */
  next: Positions | null;
  /** Pass as `{kind:'before', positions: prev}` for the previous page; null at the beginning of every partition. */
  prev: Positions | null;
  watermarks: PartitionWatermarks[];
  /** Things the reader decided that the user should know (clamped offsets, a timestamp after the last record…). */
  notes: string[];
  fetchedInMs: number;
}

export type TailEvent = { kind: 'records'; records: BrowseRecord[] } | { kind: 'notice'; message: string };
export interface TailSummary {
  received: number;
  positions: Positions;
}

/** A scan range: offsets [from, to) per partition, or a time window. */
export const ScanRange = z.discriminatedUnion('kind', [
  /** Everything retained now (end fixed at the start of the scan). */
  z.object({ kind: z.literal('all') }),
  /** From a start position up to the end offsets at the start of the scan, or to `to` (exclusive). */
  z.object({ kind: z.literal('offsets'), from: Positions.optional(), to: Positions.optional() }),
  /** Records with from ≤ timestamp < to (epoch ms); `to` absent means up to the current end. */
  z.object({ kind: z.literal('time'), from: EpochMs, to: EpochMs.optional() }),
]);
export type ScanRange = z.infer<typeof ScanRange>;

/**
 * The most matches one search returns: the message grid's row limit. A search stops there ("result limit reached",
 * the summary says where each partition stopped), never dropping matches it found; Export writes any number.
 */
export const MAX_SEARCH_MATCHES = 1_000_000;

export const SearchView = z.enum(['full', 'grid', 'frame']);
export type SearchView = z.infer<typeof SearchView>;

export const SearchRequest = z.object({
  ...TopicRef,
  partitions: PartitionChoice,
  range: ScanRange.default({ kind: 'all' }),
  /** CEL over key, value, headers, partition, offset, timestamp, size. */
  filter: z.string().trim().max(10_000).optional(),
  /** Case-insensitive substring over the key, value and header text. */
  text: z.string().max(1000).optional(),
  /** Stop after this many matches (the summary says where the scan stopped). */
  maxMatches: z.number().int().positive().max(MAX_SEARCH_MATCHES).default(1000),
  /** Only records whose key or value could not be decoded, or fell back under `auto` (with the filter and text, if given). */
  undecodable: z.boolean().default(false),
  /** Stop at the first record or batch that cannot be read or decoded (else it is listed in `failures` and the scan goes on). */
  stopOnError: z.boolean().default(false),
  /** Worker threads that decode and filter (0: the core's own thread); by default one per partition up to the cores left beside the core's own thread, none for a small scan. */
  threads: z.number().int().min(0).max(64).optional(),
  /** With worker threads, the core's own thread also scans the chunks that find every worker busy (the default; false: the workers scan every chunk). */
  coreThreadHelps: z.boolean().optional(),
  /**
   * `grid`: matches without their decoded key and value bodies (the grid shows previews; the app fetches a record
   * whole when opened). `frame`: the same rows in columns, sent as 'frame' events (MatchFrame) instead of 'matches':
   * what the app's grid asks for.
   */
  view: SearchView.default('full'),
  decoding: TopicDecoding.optional(),
});
export type SearchRequest = z.input<typeof SearchRequest>;

/** What was scanned of one partition: offsets [from, scannedTo) of the planned [from, to). */
export interface ScannedRange {
  partition: number;
  from: number;
  to: number;
  scannedTo: number;
}

export interface SearchProgress {
  scanned: number;
  total: number;
  matched: number;
  bytes: number;
  recordsPerSec: number;
  /** Null until the rate is known. */
  etaMs: number | null;
  elapsedMs: number;
  ranges: ScannedRange[];
}

export type SearchEvent = { kind: 'matches'; records: BrowseRecord[] } | { kind: 'frame'; frame: MatchFrame } | ({ kind: 'progress' } & SearchProgress);

export interface SearchSummary extends SearchProgress {
  stoppedBecause: 'complete' | 'max-matches' | 'error';
  /** Records whose key or value could not be decoded as asked (their filter saw hex), by reason. */
  decodeErrors: { reason: string; count: number }[];
  /** Records whose key or value `auto` read as a plainer format than it looked (see DecodedPart.fallback), by reason. */
  decodeFallbacks: { reason: string; count: number }[];
  /** Records on which the filter failed to evaluate (e.g. a missing field), with the first message. */
  filterErrors: { message: string; count: number }[];
  /** Records or batches that could not be processed at all (a batch that cannot be read, a decoder that threw, a worker that stopped), first ones. */
  failures: { partition: number; offset: number; message: string }[];
  /** Worker threads that decoded (0: the core's own thread). */
  threads: number;
  /** Records the core's own thread scanned beside the workers (absent: it scanned none, or the scan had no workers). */
  coreScanned?: number;
  notes: string[];
}

export const FilterCheckRequest = z.object({ filter: z.string().max(10_000) });
export type FilterCheck = { ok: true; referenced: string[] } | { ok: false; message: string; line: number; column: number };

export const RecordRef = z.object({ ...TopicRef, partition: z.number().int().nonnegative(), offset: Offset, decoding: TopicDecoding.optional() });
export type RecordRef = z.input<typeof RecordRef>;

export const CopyRequest = RecordRef.extend({ as: z.enum(['json', 'kcat']) });

export const ExportRequest = z.object({
  ...TopicRef,
  format: z.enum(['jsonl', 'csv']),
  /** Absolute path of the file to write (replaced if it exists). */
  path: z.string().min(1),
  /** Export these records, or the records a search selects. */
  select: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('records'), records: z.array(z.object({ partition: z.number().int().nonnegative(), offset: Offset })).min(1).max(100_000) }),
    z.object({
      kind: z.literal('search'),
      partitions: PartitionChoice,
      range: ScanRange.default({ kind: 'all' }),
      filter: z.string().optional(),
      text: z.string().optional(),
      undecodable: z.boolean().default(false),
      maxMatches: z.number().int().positive().default(1_000_000),
    }),
  ]),
  decoding: TopicDecoding.optional(),
});
export type ExportRequest = z.input<typeof ExportRequest>;
export type ExportEvent = { kind: 'progress' } & SearchProgress;
export interface ExportSummary {
  path: string;
  written: number;
  bytes: number;
  search?: SearchSummary;
}
