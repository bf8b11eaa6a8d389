// A search stopped by the host's shutdown while it filters one response and the next is already being fetched:
// the prefetch fails when its socket is closed, and that failure must come back as the search's CANCELLED,
// never as an unhandled rejection (which ends a Node process).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import { startCore } from '../core-session';
import { fillTopic } from '../filled-topic';

const lab = inject('lab');
const topic = `search-stop-${Date.now().toString(36)}`;
const RECORDS = 30_000; // ~4 MB: many 2 MiB scan responses
let dropTopic: () => Promise<void>;

beforeAll(async () => {
  dropTopic = await fillTopic(lab, topic, 1, RECORDS);
}, 120_000);

afterAll(() => dropTopic());

describe('search under shutdown', () => {
  it('ends with CANCELLED and leaves no unhandled rejection when the host is disposed mid-scan', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const core = startCore(lab.home);
    let scanned = 0;
    let ended: Promise<unknown> | undefined;
    try {
      // The scan reports its first response at once, while ~5 more are to come. The in-memory transport delivers
      // that report in microtasks, so the dispose below starts before the scan filters its next 1,000 records:
      // mid-scan by construction, whatever the machine's speed.
      const firstProgress = new Promise<void>((resolve) => {
        const search = core.client.stream('messages.search', { profileId: LOCAL_LAB_PROFILE_ID, topic, text: 'no such text', maxMatches: 1 }, (e) => {
          if (e.kind === 'progress' && e.scanned > 0 && scanned === 0) {
            scanned = e.scanned;
            resolve();
          }
        });
        ended = search.then(
          () => 'finished',
          (e: unknown) => e,
        );
      });
      await firstProgress;
      await core.host.dispose();
      await new Promise((r) => setTimeout(r, 200)); // rejections are reported on a later tick
      console.log(`[search-shutdown] disposed after ${scanned} of ${RECORDS} records scanned; unhandled rejections: ${unhandled.length}`);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await core.close();
    }
    expect(scanned).toBeLessThan(RECORDS);
    expect(await ended).toMatchObject({ code: 'CANCELLED' });
    expect(unhandled).toEqual([]);
  });
});
