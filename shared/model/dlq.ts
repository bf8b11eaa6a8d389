import { z } from 'zod';
import { Offset, ScanRange, TopicDecoding, TopicRef, type PartitionWatermarks, type RecordHeader } from './messages';
import type { DecodedPart } from './record';

/** Which writer's headers a dead letter carries: Kafka Connect, Spring Kafka, or a mapping the user saved. */
export type DlqConvention = 'connect' | 'spring' | 'mapping';

const HeaderName = z.string().trim().min(1).max(249);

/** Header names of a dead-letter convention of the user's own (saved per connection profile). */
export const DlqMapping = z
  .object({
    name: z.string().trim().min(1).max(80),
    headers: z.object({
      sourceTopic: HeaderName.optional(),
      sourcePartition: HeaderName.optional(),
      sourceOffset: HeaderName.optional(),
      connector: HeaderName.optional(),
      stage: HeaderName.optional(),
      exceptionClass: HeaderName.optional(),
      message: HeaderName.optional(),
      stacktrace: HeaderName.optional(),
    }),
    /** Further headers with this prefix are error context too: shown, and removed on replay. */
    prefix: z.string().trim().min(1).max(249).optional(),
  })
  .refine((m) => m.headers.exceptionClass || m.headers.message, { message: 'a mapping names at least the exception class or the message header', path: ['headers'] });
export type DlqMapping = z.infer<typeof DlqMapping>;

/** The error a dead letter's headers describe. Absent fields were not in the headers. */
export interface DlqError {
  /** null: the record carries no error headers of any known convention. */
  convention: DlqConvention | null;
  /** The mapping's name, for convention `mapping`. */
  mapping?: string;
  source?: { topic: string; partition?: number; offset?: number };
  /** Kafka Connect: the connector; Spring: the consumer group. */
  connector?: string;
  taskId?: string;
  /** Kafka Connect's stage (VALUE_CONVERTER, TRANSFORMATION, TASK_PUT…). */
  stage?: string;
  /** Kafka Connect: the converter, transformation or task class that failed. */
  className?: string;
  exceptionClass?: string;
  message?: string;
  stacktrace?: string;
  /** The last `Caused by:` of the stack trace, when there is one. */
  rootCause?: { exceptionClass: string; message: string };
  /** Spring: the original record's timestamp. */
  originalTimestamp?: number;
  /** Headers that are there but unreadable (not UTF-8, not a number…), each said plainly. */
  problems: string[];
}

/** What makes dead letters "the same failure": grouping key parts, each null when unknown. */
export interface DlqCause {
  exceptionClass: string | null;
  /** The message with numbers, ids, offsets and quoted values collapsed. */
  messageTemplate: string | null;
  /** Root cause class and its message template (from the stack trace). */
  rootCause: string | null;
  stage: string | null;
  connector: string | null;
  sourceTopic: string | null;
}

export interface DlqGroup extends DlqCause {
  /** Stable id of the cause (a hash of its parts): `--group` on the command line. */
  id: string;
  convention: DlqConvention | null;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Records per bucket of the triage timeline (same buckets for every group). */
  timeline: number[];
  /** One message of the group as written (not templated). */
  example: { partition: number; offset: number; message: string | null };
  /** Source partitions the group's records point to. */
  sourcePartitions: number[];
}

export interface DlqTimeline {
  from: number;
  to: number;
  bucketMs: number;
  buckets: number;
}

/** Which dead letters: all of a range, narrowed by causes, a CEL filter, or named records. */
export const DlqSelection = z.object({
  /** Only these partitions of the DLQ (all when absent). */
  partitions: z.array(z.number().int().nonnegative()).min(1).optional(),
  /** Group ids (see DlqGroup.id); any of them. */
  groups: z.array(z.string().regex(/^[0-9a-f]{6,40}$/, 'a group id is hex, as `floe dlq groups` prints it')).min(1).optional(),
  /** CEL over key, value, headers (error headers included), partition, offset, timestamp, size. */
  filter: z.string().trim().min(1).max(10_000).optional(),
  /** Exactly these records. */
  records: z.array(z.object({ partition: z.number().int().nonnegative(), offset: Offset })).min(1).max(100_000).optional(),
  range: ScanRange.default({ kind: 'all' }),
});
export type DlqSelection = z.infer<typeof DlqSelection>;

export const DlqListRequest = z.object({
  profileId: z.string().min(1),
  /** Also sample topics whose names do not look like dead-letter topics (every non-empty topic). */
  all: z.boolean().default(true),
  /** Newest records read per partition to recognise the headers. */
  sample: z.number().int().positive().max(500).default(20),
});
export type DlqListRequest = z.input<typeof DlqListRequest>;

export interface DlqTopicSummary {
  topic: string;
  /** Confirmed by error headers in the sample; a name-only candidate otherwise. */
  confirmed: boolean;
  /** Why a candidate is not confirmed (empty, no error headers in the newest records). */
  reason?: string;
  /** The name looks like a dead-letter topic. */
  byName: boolean;
  conventions: DlqConvention[];
  partitions: number;
  records: number;
  newestErrorTime: number | null;
  sourceTopics: string[];
  connectors: string[];
  /** Records appended in the last `recentMs`: growing when > 0. */
  recent: number;
  recentMs: number;
}

export interface DlqList {
  dlqs: DlqTopicSummary[];
  /** Topics whose records were sampled. */
  sampled: number;
  notes: string[];
  fetchedInMs: number;
}

export const DlqGroupsRequest = z.object({
  ...TopicRef,
  range: ScanRange.default({ kind: 'all' }),
  /** Timeline buckets per group. */
  buckets: z.number().int().min(1).max(200).default(24),
});
export type DlqGroupsRequest = z.input<typeof DlqGroupsRequest>;

export interface DlqScanProgress {
  scanned: number;
  total: number;
  elapsedMs: number;
}

export interface DlqTriage {
  topic: string;
  groups: DlqGroup[];
  timeline: DlqTimeline;
  scanned: number;
  total: number;
  /** Exact offsets scanned, per partition: [from, to). */
  ranges: { partition: number; from: number; to: number }[];
  watermarks: PartitionWatermarks[];
  notes: string[];
  elapsedMs: number;
}

export const DlqRecordsRequest = z.object({
  ...TopicRef,
  selection: DlqSelection.default({ range: { kind: 'all' } }),
  /** Continue after a page's `next`. */
  after: z.record(z.string().regex(/^\d+$/), Offset).optional(),
  limit: z.number().int().positive().max(1000).default(100),
  /** How the original key and value are read; the source topic's saved decoding when absent. */
  decoding: TopicDecoding.optional(),
});
export type DlqRecordsRequest = z.input<typeof DlqRecordsRequest>;

/** Whether the record a dead letter points to can still be read at its partition and offset. */
export type SourceStatus =
  | { state: 'present' }
  | { state: 'deleted'; low: number; high: number } // removed by retention (or compaction/deleteRecords)
  | { state: 'not-yet'; high: number } // the offset is past the partition's end
  | { state: 'no-partition'; partitions: number }
  | { state: 'topic-gone' }
  | { state: 'unknown'; reason: string };

export interface DlqRecord {
  partition: number;
  offset: number;
  timestamp: number;
  groupId: string;
  error: DlqError;
  /** The original key and value, decoded with the source topic's decoding. */
  key: DecodedPart;
  value: DecodedPart;
  headers: RecordHeader[];
  size: number;
  source: SourceStatus;
}

export interface DlqRecordPage {
  records: DlqRecord[];
  /** Pass as `after` for the next page; null when the selection is read to its end. */
  next: Record<string, number> | null;
  scanned: number;
  notes: string[];
}

export const DlqMappingsRequest = z.object({ profileId: z.string().min(1) });
export const DlqSaveMappingsRequest = z.object({ profileId: z.string().min(1), mappings: z.array(DlqMapping).max(50) });
