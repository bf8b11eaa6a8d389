import { z } from 'zod';
import { CatalogInput } from '../rpc/lake-contract';

/** Landing: a topic becomes an Iceberg table, kept current, exactly once. */

export const LandMode = z.enum(['append', 'upsert', 'cdc']);
export type LandMode = z.infer<typeof LandMode>;

/** Kafka metadata columns: none, Tableflow's `$$`-prefixed names, or portable `floe_` names. */
export const MetadataColumns = z.enum(['none', 'tableflow', 'floe']);

export const LandJobSpec = z.object({
  name: z.string().trim().min(1).max(200),
  profileId: z.string().min(1),
  topic: z.string().min(1),
  catalog: CatalogInput,
  table: z.object({ namespace: z.array(z.string().min(1)).min(1), name: z.string().min(1) }),
  /** Absent: from the topic (cleanup.policy=compact → upsert) and the value schema (a Debezium envelope → cdc). */
  mode: LandMode.optional(),
  /** Upsert key columns; absent: the Kafka key's fields, else the schema's identifier fields. */
  keyFields: z.array(z.string().min(1)).optional(),
  metadataColumns: MetadataColumns.default('none'),
  /** Partition transforms over columns: `day(event_time)`, `bucket(16, id)`, `truncate(4, name)`, `category`. */
  partitionBy: z.array(z.string().min(1)).default([]),
  commit: z.object({ intervalMs: z.number().int().min(200).max(3_600_000).default(10_000), maxBytes: z.number().int().min(1 << 20).optional() }).default({ intervalMs: 10_000 }),
  start: z.union([z.enum(['earliest', 'latest']), z.object({ timestampMs: z.number().int().nonnegative() })]).default('earliest'),
  badRecords: z.enum(['suspend', 'skip', 'dead-letter']).default('suspend'),
  /** The dead-letter topic (badRecords: dead-letter); default `<topic>.floe-dlq`. */
  deadLetterTopic: z.string().min(1).optional(),
});
export type LandJobSpec = z.input<typeof LandJobSpec>;
export type LandJobSpecParsed = z.output<typeof LandJobSpec>;

export type LandState = 'created' | 'running' | 'paused' | 'stopped' | 'failed';

export interface LandPartitionStatus {
  partition: number;
  /** The topic's end offset (read_committed: its last stable offset). */
  endOffset: number;
  /** The next offset to land: every offset below it is in a committed snapshot. */
  committedOffset: number;
  lag: number;
}

export interface LandStatus {
  id: string;
  name: string;
  state: LandState;
  /** Why it is paused or failed, naming the cause. */
  reason: string | null;
  /** For an incompatible schema change: the table's schema and the new one, side by side. */
  schemaConflict?: { table: string; incoming: string } | null;
  mode: LandMode | null;
  table: string;
  partitions: LandPartitionStatus[];
  lagRecords: number;
  /** Age of the oldest record not yet landed (0 when caught up). */
  lagSeconds: number;
  recordsPerSec: number;
  landedRecords: number;
  lastCommit: { snapshotId: string; atMs: number; records: number; files: number } | null;
  errors: { decode: number; skipped: number; deadLettered: number };
  updatedAtMs: number;
}

/** A landing job's lag history: one sample per 10 s (a job committing every 10 s shows each commit), kept a day. */
export const LAND_SAMPLE_EVERY_MS = 10_000;
export const LAND_HISTORY_KEEP_MS = 24 * 3600_000;

/** A landing job's lag and throughput at one time. */
export interface LandSample {
  at: number;
  lagRecords: number;
  lagSeconds: number;
  recordsPerSec: number;
}

export interface LandWhere {
  partition: number;
  offset: number;
  landed: boolean;
  snapshotId: string | null;
  committedAtMs: number | null;
  message: string;
}

/** The topic a dead-letter job writes bad records to (its own, else `<topic>.floe-dlq`); null for other policies. */
export function deadLetterTopicOf(spec: Pick<LandJobSpecParsed, 'badRecords' | 'deadLetterTopic' | 'topic'>): string | null {
  return spec.badRecords === 'dead-letter' ? (spec.deadLetterTopic ?? `${spec.topic}.floe-dlq`) : null;
}
