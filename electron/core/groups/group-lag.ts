import type { GroupLagTotals, PartitionLag } from '../../../shared/model/groups';

/**
 * One partition's lag for a group. Committed: end − committed. Never committed: a consumer of the group
 * starts where its `auto.offset.reset` says, which Floe cannot know: `ifEarliest` counts every retained
 * record (end − log start); at latest it would be 0.
 */
export function partitionLag(committed: number | null, low: number, high: number): PartitionLag {
  if (committed !== null && committed >= 0) return { committed, start: low, end: high, lag: Math.max(0, high - committed), ifEarliest: null };
  return { committed: null, start: low, end: high, lag: null, ifEarliest: Math.max(0, high - low) };
}

/** Sums committed lag, and the never-committed partitions' lag if the group started at the earliest offset. */
export function lagTotals(rows: Pick<PartitionLag, 'lag' | 'ifEarliest'>[]): GroupLagTotals {
  let committed: number | null = null;
  const uncommitted = { partitions: 0, ifEarliest: 0 };
  for (const r of rows) {
    if (r.lag !== null) committed = (committed ?? 0) + r.lag;
    else if (r.ifEarliest !== null) {
      uncommitted.partitions++;
      uncommitted.ifEarliest += r.ifEarliest;
    }
  }
  return { totalLag: committed, uncommitted };
}
