import { describe, expect, it } from 'vitest';
import { RatePace } from '../../../electron/core/replay/rate-pace';
import { sleep } from '../../../electron/core/util/sleep';

/** How long `calls` transactions of 100 records take under the pace. */
async function timed(pace: RatePace, calls: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await pace.after(100);
  return performance.now() - started;
}

describe('rate pace', () => {
  it('holds transactions to the rate from the first one (earlier waiting, e.g. for a transaction in doubt, earns nothing)', async () => {
    const pace = new RatePace(1000);
    await sleep(1200);
    expect(await timed(pace, 3)).toBeGreaterThanOrEqual(290); // 300 records at 1,000/s
  });

  it('starts its schedule again after a stall instead of sending at full speed to catch up', async () => {
    const pace = new RatePace(1000);
    await timed(pace, 2);
    await sleep(1500); // a broker away: 1.5 s of records not sent
    // Caught up, these would go at once; paced, the two after the first wait ~100 ms each.
    expect(await timed(pace, 3)).toBeGreaterThanOrEqual(190);
  });
});
