import { z } from 'zod';
import { EpochMs } from './messages';

/** A group's lag on one partition. */
export interface PartitionLag {
  /** null: the group never committed this partition (its consumers would start by their auto.offset.reset). */
  committed: number | null;
  /** The log start offset: where a consumer with auto.offset.reset=earliest starts. */
  start: number;
  end: number;
  /** end − committed; null when never committed (see ifEarliest). */
  lag: number | null;
  /** Never committed: unread records if the group starts at the earliest offset (end − start); at latest, 0. */
  ifEarliest: number | null;
}

export interface GroupLagTotals {
  /** Sum of lag over every committed partition (null when the group has no committed offsets). */
  totalLag: number | null;
  /** Partitions of subscribed topics the group never committed, and their lag if it starts at earliest (0 at latest). */
  uncommitted: { partitions: number; ifEarliest: number };
}

export interface GroupSummary extends GroupLagTotals {
  groupId: string;
  /** Stable, Empty, PreparingRebalance, CompletingRebalance, Dead … as the broker says. */
  state: string;
  protocolType: string;
  /** The assignor, e.g. range or cooperative-sticky; empty when the group has no members. */
  protocol: string;
  members: number;
  /** Topics it committed offsets for or its members subscribe to. */
  topics: string[];
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  /** topic → partitions assigned, when the assignment is a consumer protocol one. */
  assignment: Record<string, number[]>;
}

/** Every partition of every subscribed topic, committed or not. */
export interface GroupPartitionLag extends PartitionLag {
  topic: string;
  partition: number;
  metadata: string | null;
  /** The member assigned to this partition, if any. */
  memberId: string | null;
}

export interface GroupDetail extends Omit<GroupSummary, 'topics'> {
  coordinator: number | null;
  memberList: GroupMember[];
  partitions: GroupPartitionLag[];
  fetchedInMs: number;
}

export const ResetTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('earliest') }),
  z.object({ kind: z.literal('latest') }),
  z.object({ kind: z.literal('offset'), offset: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('timestamp'), timestamp: EpochMs }),
  /** Move the committed offset by N (negative: back), clamped to the retained range. */
  z.object({ kind: z.literal('shift'), by: z.number().int() }),
]);
export type ResetTarget = z.infer<typeof ResetTarget>;

export const ResetOffsetsRequest = z.object({
  profileId: z.string().min(1),
  groupId: z.string().min(1),
  topic: z.string().min(1),
  /** One partition, or the whole topic when absent. */
  partition: z.number().int().nonnegative().optional(),
  to: ResetTarget,
  dryRun: z.boolean().default(true),
});
export type ResetOffsetsRequest = z.input<typeof ResetOffsetsRequest>;

export interface ResetPlanRow {
  partition: number;
  current: number | null;
  target: number;
  low: number;
  high: number;
  /** Why the target differs from what was asked (clamped to the retained range …). */
  note?: string;
}

export interface ResetPlan {
  groupId: string;
  topic: string;
  applied: boolean;
  rows: ResetPlanRow[];
}
