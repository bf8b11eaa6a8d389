import { z } from 'zod';
import { EpochMs } from './messages';

export interface GroupSummary {
  groupId: string;
  /** Stable, Empty, PreparingRebalance, CompletingRebalance, Dead … as the broker says. */
  state: string;
  protocolType: string;
  /** The assignor, e.g. range or cooperative-sticky; empty when the group has no members. */
  protocol: string;
  members: number;
  /** Sum of lag over every committed partition (null when the group has no committed offsets). */
  totalLag: number | null;
  topics: string[];
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  /** topic → partitions assigned, when the assignment is a consumer protocol one. */
  assignment: Record<string, number[]>;
}

export interface GroupPartitionLag {
  topic: string;
  partition: number;
  committed: number | null;
  end: number;
  lag: number | null;
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
