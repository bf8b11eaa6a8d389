import { z } from 'zod';
import { DlqSelection } from './dlq';
import { Offset, ScanRange } from './messages';
import { ProduceHeader, ProducePart } from './produce';

/** What a replay reads: dead letters a selection chooses, or one partition of any topic between two bounds. */
export const ReplaySource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dlq'), topic: z.string().min(1), selection: DlqSelection.default({ range: { kind: 'all' } }) }),
  z.object({
    kind: z.literal('partition'),
    topic: z.string().min(1),
    partition: z.number().int().nonnegative(),
    /** Offsets (of this partition: from/to keyed by its number) or a time window; the current end when open. */
    range: ScanRange.default({ kind: 'all' }),
  }),
]);
export type ReplaySource = z.infer<typeof ReplaySource>;

export const ReplayTarget = z.object({
  /** Absent: each dead letter goes back to the topic it came from (its error headers name it). */
  topic: z.string().min(1).optional(),
  /**
   * original: the record's source partition (a dead letter's, or the replayed partition) when the target
   * has it, else by key; key: the default partitioner (murmur2 of the key, like the Java client).
   */
  partitioning: z.enum(['original', 'key']).default('original'),
  /**
   * Another cluster's connection profile: the records go there (the source's cluster when absent). No transaction
   * spans two clusters, so the guarantee changes: see replayGuarantee.
   */
  profileId: z.string().min(1).optional(),
});
export type ReplayTarget = z.infer<typeof ReplayTarget>;

/** A fix for one source record: a new key and/or value (encoded and validated as produce does), and/or new headers. */
export const RecordEdit = z.object({
  partition: z.number().int().nonnegative(),
  offset: Offset,
  key: ProducePart.optional(),
  value: ProducePart.optional(),
  /** Replaces the record's headers (error headers are removed anyway; provenance headers are added). */
  headers: z.array(ProduceHeader).optional(),
});
export type RecordEdit = z.infer<typeof RecordEdit>;

export const ReplaySpec = z.object({
  profileId: z.string().min(1),
  source: ReplaySource,
  target: ReplayTarget.default({ partitioning: 'original' }),
  edits: z.array(RecordEdit).max(10_000).default([]),
  /** Records per second at most. */
  rate: z.number().positive().max(10_000_000).optional(),
  /** Replay a selection another replay already took, on purpose. */
  again: z.boolean().default(false),
});
export type ReplaySpec = z.input<typeof ReplaySpec>;
export type ParsedReplaySpec = z.output<typeof ReplaySpec>;

/** Offsets [from, to) of one source partition, fixed when the job is created. */
export interface ReplayRange {
  partition: number;
  from: number;
  to: number;
}

export type ReplayStatus = 'running' | 'interrupted' | 'failed' | 'cancelled' | 'done';

export interface ReplayProgress {
  /** Source offsets read of the planned ranges (committed with the records they sent). */
  read: number;
  total: number;
  /** Records sent and committed; records read but not selected. */
  sent: number;
  skipped: number;
  recordsPerSec: number;
  etaMs: number | null;
}

export interface ReplayReport {
  /** Records sent per target partition, with the first and last offset they were written at (this run's). */
  targets: { topic: string; partition: number; count: number; first: number; last: number }[];
  /** Source offsets deleted by retention before they were replayed. */
  lost: { partition: number; from: number; to: number }[];
  errors: { at: string; message: string }[];
  /** Another cluster only: records found on the target when the job resumed (sent before a stop that came before their position was saved), not sent again. */
  alreadyThere?: number;
}

export interface ReplayJob {
  id: string;
  createdAt: string;
  spec: ParsedReplaySpec;
  sourceTopic: string;
  ranges: ReplayRange[];
  /** The consumer group whose committed offsets are the job's position, committed in each transaction. */
  groupId: string;
  transactionalId: string;
  status: ReplayStatus;
  /** Why it stopped, or what a running job waits for. */
  message?: string;
  progress: ReplayProgress;
  report: ReplayReport;
  updatedAt: string;
}

export const ReplayRef = z.object({ id: z.string().regex(/^[a-z0-9-]{6,64}$/, 'a replay id as `floe replay ls` lists it') });

/** One record a dry run would send. */
export interface PlannedSend {
  source: { topic: string; partition: number; offset: number };
  target: { topic: string; partition: number };
  key: string | null;
  value: string | null;
  headers: { key: string; value: string | null }[];
  edited: boolean;
}

export interface ReplayPlan {
  sourceTopic: string;
  ranges: ReplayRange[];
  /** The first records (up to `limit`) in the order they would be sent. */
  sends: PlannedSend[];
  selected: number;
  skipped: number;
  /** Records per target partition. */
  targets: { topic: string; partition: number; count: number }[];
  /** Records that cannot be sent (no source topic to return to…): the run would stop at the first. */
  problems: { source: { partition: number; offset: number }; message: string }[];
  notes: string[];
}

export const ReplayPlanRequest = ReplaySpec.extend({ limit: z.number().int().positive().max(10_000).default(200) });
export type ReplayPlanRequest = z.input<typeof ReplayPlanRequest>;

/** True when the replay writes to another cluster than the one it reads. */
export const isCrossCluster = (spec: { profileId: string; target: { profileId?: string | undefined } }): boolean => spec.target.profileId !== undefined && spec.target.profileId !== spec.profileId;

/** The guarantee a replay gives, in words the UI and the CLI show. */
export function replayGuarantee(spec: { profileId: string; target: { profileId?: string | undefined } }): string {
  if (!isCrossCluster(spec)) return 'Exactly once for read_committed readers: each transaction sends records and commits the replay position together, so a stop and resume never sends a record twice or skips one.';
  return (
    'Effectively once, not exactly once: no transaction spans two clusters. Records go to the target in transactions (read_committed readers never see a half-sent one); ' +
    'the position is saved on the source cluster after each target commit, and a resume first reads what this replay wrote to the target since it started and skips every record whose floe.replay.* headers are there. ' +
    'That holds while nothing else writes records with this replay\'s id to the target and the target keeps what it wrote (retention); if that tail cannot be read in full, the records after it are at least once (the job says so).'
  );
}
