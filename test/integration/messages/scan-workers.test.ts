// Scans on worker threads against the lab: exact offsets at partition edges whichever thread read them (workers alone,
// or helped by the core thread), a worker that crashes mid-scan (once: its chunk is scanned again; always: the chunk
// is reported and the scan goes on, or stops when asked), and a cancel that ends every worker, even one stuck in a loop,
// within 200 ms. The crash tests leave every chunk to the workers (only they run the faulty script).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowseRecord, SearchRequest } from '../../../shared/model/messages';
import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import { onceMarker, withScanFaults } from '../../fixtures/scan-worker/with-faults';
import { startCore } from '../core-session';
import { fillTopic } from '../filled-topic';

const lab = inject('lab');
const topic = `scan-workers-${Date.now().toString(36)}`;
const PER_PARTITION = 20_000;
const profileId = LOCAL_LAB_PROFILE_ID;
let core: ReturnType<typeof startCore>;
let dropTopic: () => Promise<void>;

beforeAll(async () => {
  dropTopic = await fillTopic(lab, topic, 3, PER_PARTITION);
  core = startCore(lab.home);
}, 180_000);

afterAll(async () => {
  await core.close();
  await dropTopic();
});

// The first and last record of every partition, and one in the middle.
const filter = `key == "k0" || key == "k${PER_PARTITION / 2}" || key == "k${PER_PARTITION - 1}"`;

async function search(input: Omit<SearchRequest, 'profileId' | 'topic'>) {
  const matches: BrowseRecord[] = [];
  const summary = await core.client.stream('messages.search', { profileId, topic, filter, ...input }, (e) => {
    if (e.kind === 'matches') matches.push(...e.records);
  });
  return { summary, found: matches.map((r) => `${r.partition}/${r.offset}`) };
}

const edges = (partitions: number[]) => partitions.flatMap((p) => [`${p}/0`, `${p}/${PER_PARTITION / 2}`, `${p}/${PER_PARTITION - 1}`]);
const whole = (partitions: number[]) => partitions.map((partition) => ({ partition, from: 0, to: PER_PARTITION, scannedTo: PER_PARTITION }));

describe('scans on worker threads', () => {
  it('report every edge match once, in offset order per partition, with exact ranges, as the core thread does', async () => {
    const inCore = await search({ threads: 0 });
    const onWorkers = await search({ threads: 2, coreThreadHelps: false });
    const helped = await search({ threads: 1 });
    for (const run of [inCore, onWorkers, helped]) {
      expect([...run.found].sort()).toEqual(edges([0, 1, 2]).sort());
      for (const p of [0, 1, 2]) expect(run.found.filter((f) => f.startsWith(`${p}/`))).toEqual(edges([p]));
      expect(run.summary).toMatchObject({ scanned: 3 * PER_PARTITION, matched: 9, stoppedBecause: 'complete', failures: [] });
      expect(run.summary.ranges).toEqual(whole([0, 1, 2]));
    }
    expect(onWorkers.summary.threads).toBe(2);
    expect(onWorkers.summary.coreScanned).toBeUndefined();
    expect(helped.summary.threads).toBe(1);
    // Which chunks the core thread took depends on timing; it reported what it scanned.
    expect(helped.summary.coreScanned ?? 0).toBeLessThan(3 * PER_PARTITION);
    // Stopping at a match: the scan ends exactly after it.
    const four = await search({ threads: 2, partitions: [1], maxMatches: 2 });
    expect(four.found).toEqual([`1/0`, `1/${PER_PARTITION / 2}`]);
    expect(four.summary.ranges).toEqual([{ partition: 1, from: 0, to: PER_PARTITION, scannedTo: PER_PARTITION / 2 + 1 }]);
    expect(four.summary.scanned).toBe(PER_PARTITION / 2 + 1);
  });

  it('scans again the chunk of a worker that crashed once, losing nothing', async () => {
    const run = await withScanFaults({ crash: { partition: 1, marker: onceMarker() } }, () => search({ threads: 2, coreThreadHelps: false }));
    expect([...run.found].sort()).toEqual(edges([0, 1, 2]).sort());
    expect(run.summary).toMatchObject({ scanned: 3 * PER_PARTITION, failures: [], stoppedBecause: 'complete' });
    expect(run.summary.ranges).toEqual(whole([0, 1, 2]));
  });

  it('reports the offsets of a chunk that crashes every worker and scans the rest, or stops there when asked', async () => {
    const run = await withScanFaults({ crash: { partition: 1 } }, () => search({ threads: 2, coreThreadHelps: false }));
    expect([...run.found].sort()).toEqual(edges([0, 2]).sort());
    expect(run.summary.stoppedBecause).toBe('complete');
    expect(run.summary.failures.length).toBeGreaterThan(0);
    expect(run.summary.failures[0]).toMatchObject({ partition: 1, offset: 0, message: expect.stringMatching(/a scan worker stopped twice on this chunk \(exit code 7\)/) });
    expect(run.summary.failures.every((f) => f.partition === 1)).toBe(true);
    const stop = await withScanFaults({ crash: { partition: 1 } }, () => search({ threads: 2, partitions: [1], stopOnError: true, coreThreadHelps: false }));
    expect(stop.summary).toMatchObject({ stoppedBecause: 'error', scanned: 0, failures: [{ partition: 1, offset: 0 }] });
    expect(stop.summary.ranges).toEqual([{ partition: 1, from: 0, to: PER_PARTITION, scannedTo: 0 }]);
  });

  it.each([false, true])('ends every worker within 200 ms of a cancel, even one stuck in a loop (core thread helps: %s)', async (coreThreadHelps) => {
    await withScanFaults({ hang: { partition: 0 } }, async () => {
      const abort = new AbortController();
      let cancelledAt = 0;
      // If partition 0's chunk is the first in line, no progress comes back at all: cancel after a while then.
      const fallback = setTimeout(() => {
        cancelledAt = performance.now();
        abort.abort();
      }, 3000);
      const ended = core.client
        .stream('messages.search', { profileId, topic, filter, threads: 2, coreThreadHelps }, (e) => {
          // Partition 0's first chunk hangs its worker; cancel once another partition's progress came back.
          if (e.kind === 'progress' && e.scanned > 0 && !cancelledAt) {
            cancelledAt = performance.now();
            abort.abort();
          }
        }, { signal: abort.signal, resultOnCancel: true })
        .then(() => 'finished', (e: unknown) => e);
      const outcome = await ended;
      clearTimeout(fallback);
      const ms = performance.now() - cancelledAt;
      console.log(`[scan-workers] cancel → scan ended, workers terminated, in ${ms.toFixed(1)} ms`);
      expect(outcome).toMatchObject({ code: 'CANCELLED' });
      expect(ms).toBeLessThan(200);
    });
  });
});
