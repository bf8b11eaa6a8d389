import { describe, expect, it } from 'vitest';
import { targetText } from '../../../electron/cli/commands/replay';
import type { ReplayJob } from '../../../shared/model/replay';

const job = (target: ReplayJob['spec']['target']) => ({ spec: { profileId: 'lab', target } }) as Pick<ReplayJob, 'spec'>;

describe('floe replay ls: the TARGET column', () => {
  const names = new Map([['p-2', 'staging']]);
  it('names the topic, or the source topics when dead letters go back where they came from', () => {
    expect(targetText(job({ topic: 'orders', partitioning: 'original' }), names)).toBe('orders');
    expect(targetText(job({ partitioning: 'original' }), names)).toBe('(source topics)');
    expect(targetText(job({ topic: 'orders', partitioning: 'key', profileId: 'lab' }), names)).toBe('orders');
  });
  it('adds the other cluster by its profile name (its id when the profile is gone)', () => {
    expect(targetText(job({ topic: 'orders', partitioning: 'key', profileId: 'p-2' }), names)).toBe('orders on staging');
    expect(targetText(job({ topic: 'orders', partitioning: 'key', profileId: 'p-9' }), names)).toBe('orders on p-9');
  });
});
