import { describe, expect, it } from 'vitest';
import { lagTotals, partitionLag } from '../../../electron/core/groups/group-lag';

describe('group lag', () => {
  it('counts committed lag from the commit, and never-committed lag from the log start (if earliest)', () => {
    expect(partitionLag(700, 100, 1093)).toEqual({ committed: 700, start: 100, end: 1093, lag: 393, ifEarliest: null });
    expect(partitionLag(null, 100, 1093)).toEqual({ committed: null, start: 100, end: 1093, lag: null, ifEarliest: 993 });
    expect(partitionLag(-1, 0, 5)).toMatchObject({ committed: null, lag: null, ifEarliest: 5 }); // OffsetFetch's "none"
    expect(partitionLag(2000, 0, 1093).lag).toBe(0); // a commit past the end (e.g. after truncation) is not negative lag
  });

  it('keeps the two totals apart, so an uncommitted backlog is never hidden in a small total', () => {
    const rows = [partitionLag(600, 0, 940), partitionLag(null, 0, 481), partitionLag(null, 20, 500)];
    expect(lagTotals(rows)).toEqual({ totalLag: 340, uncommitted: { partitions: 2, ifEarliest: 961 } });
    expect(lagTotals([partitionLag(null, 0, 3)])).toEqual({ totalLag: null, uncommitted: { partitions: 1, ifEarliest: 3 } });
    expect(lagTotals([])).toEqual({ totalLag: null, uncommitted: { partitions: 0, ifEarliest: 0 } });
  });
});
