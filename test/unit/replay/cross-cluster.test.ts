import { describe, expect, it } from 'vitest';
import { advanceTails } from '../../../electron/core/replay/cross-cluster';
import type { StoredReplay } from '../../../electron/core/replay/replay-store';
import { isCrossCluster, replayGuarantee } from '../../../shared/model/replay';

describe('a replay to another cluster', () => {
  it('is one only when the target names another profile, and says which guarantee holds', () => {
    expect(isCrossCluster({ profileId: 'a', target: {} })).toBe(false);
    expect(isCrossCluster({ profileId: 'a', target: { profileId: 'a' } })).toBe(false);
    expect(isCrossCluster({ profileId: 'a', target: { profileId: 'b' } })).toBe(true);
    expect(replayGuarantee({ profileId: 'a', target: {} })).toMatch(/^Exactly once for read_committed readers/);
    expect(replayGuarantee({ profileId: 'a', target: { profileId: 'b' } })).toMatch(/^Effectively once, not exactly once: no transaction spans two clusters\..* at least once/);
  });

  it('moves a target partition\'s tail past what a committed position covers, never back, and leaves unknown partitions alone', () => {
    const job = { targetTail: [{ topic: 't', partition: 0, from: 10 }, { topic: 't', partition: 1, from: 50 }] } as StoredReplay;
    advanceTails(job, [
      { topic: 't', partition: 0, first: 10, count: 5 },
      { topic: 't', partition: 1, first: 20, count: 3 },
      { topic: 'other', partition: 0, first: 0, count: 9 },
    ]);
    expect(job.targetTail).toEqual([{ topic: 't', partition: 0, from: 15 }, { topic: 't', partition: 1, from: 50 }]);
  });
});
