import { z } from 'zod';
import { CatalogInput } from '../rpc/lake-contract';

/** Landing: a topic becomes an Iceberg table, kept current, exactly once. */

export const LandMode = z.enum(['append', 'upsert', 'cdc']);
export type LandMode = z.infer<typeof LandMode>;

/** Kafka metadata columns: none, Tableflow's `$$`-prefixed names, or portable `floe_` names. */
export const MetadataColumns = z.enum(['none', 'tableflow', 'floe']);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Table maintenance a landing job runs itself, between its commits. The defaults keep a 10-second landing healthy
 * for weeks (60,480 commits a week): each commit adds a data file per partition it touched, a manifest or two and a
 * snapshot, and rewrites metadata.json with every snapshot it lists. So: compact hourly or once 360 small files have
 * come (an hour of commits); expire every 30 minutes what is older than an hour (at most ~540 snapshots listed,
 * keeping the last 100 and always the job's own offsets); rewrite manifests beyond 100; orphans daily, 3 days old.
 */
export const LandMaintenance = z.object({
  enabled: z.boolean().default(true),
  /** Compact at least this often (when files came since the last compaction)… */
  compactEveryMs: z.number().int().min(10_000, 'compaction runs at most every 10 seconds').max(30 * DAY).default(HOUR),
  /** …and sooner once this many data files were added since the last compaction. */
  compactFiles: z.number().int().min(2).max(1_000_000).default(360),
  targetFileBytes: z.number().int().min(1024).max(64 * 1024 ** 3).optional(),
  expireEveryMs: z.number().int().min(10_000, 'expiry runs at most every 10 seconds').max(30 * DAY).default(30 * MINUTE),
  /** Snapshots older than this go (the newest `retainLast` and the job's committed offsets always stay). */
  expireOlderThanMs: z.number().int().min(0).max(100 * 365 * DAY).default(HOUR),
  retainLast: z.number().int().min(1).max(1_000_000).default(100),
  orphansEveryMs: z.number().int().min(HOUR, 'orphan removal runs at most every hour').max(30 * DAY).default(DAY),
  /** Unreferenced files younger than this stay (a commit may be about to name them). */
  orphansOlderThanMs: z.number().int().min(HOUR, 'the orphan safety age is at least an hour (a landing may be about to commit newer files)').max(100 * 365 * DAY).default(3 * DAY),
  /** Manifests are rewritten when the current snapshot lists more than this many. */
  maxManifests: z.number().int().min(2).max(1_000_000).default(100),
});
export type LandMaintenance = z.output<typeof LandMaintenance>;
export const LAND_MAINTENANCE_DEFAULTS: LandMaintenance = LandMaintenance.parse({});

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
  /** Compaction, expiry, orphan removal and manifest rewrites the job runs itself between commits. */
  maintenance: LandMaintenance.default(() => LandMaintenance.parse({})),
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
  /** What the job's own maintenance last did (absent: it has not run yet, or the job predates it). */
  maintenance?: LandMaintenanceStatus | null;
  updatedAtMs: number;
}

export type LandMaintenanceOperation = 'compact' | 'expire' | 'orphans' | 'rewrite-manifests';

/** One maintenance operation a landing job ran. */
export interface LandMaintenanceRun {
  operation: LandMaintenanceOperation;
  atMs: number;
  durationMs: number;
  ok: boolean;
  /** Why it ran ("412 data files since the last compaction"). */
  why: string;
  /** What it did, or why it failed. */
  message: string;
}

export interface LandMaintenanceStatus {
  enabled: boolean;
  /** The last run of each operation. */
  last: Partial<Record<LandMaintenanceOperation, LandMaintenanceRun>>;
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
