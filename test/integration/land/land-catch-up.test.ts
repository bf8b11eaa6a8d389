// When a landing job commits besides its interval, against the lab: a backlog read in batches of the commit policy's
// byte limit has its last, smaller batch committed as soon as the job has caught up with the topic (not an interval
// later), while records that arrive once it has caught up wait for the interval (or the stop), as steady traffic does.
// pyiceberg reads the table: every record once.
import { describe, expect, inject, it } from 'vitest';
import { pythonProduce } from '../python-kafka';
import { coreWithTopics, icebergRows, jobSpec, jsonIds, landingCatalog, range, waitFor } from './land-fixtures';

const lab = inject('lab');
const topic = `land-catch-up-${Date.now().toString(36)}`;
const core = coreWithTopics(lab, [topic]);

/** ~1 KB JSON values: 6,000 of them are ~6 MB of staged values, six batches of the 1 MB limit. */
const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k).map((i) => ({ key: `k${i}`, value: { id: i, pad: 'x'.repeat(1000) }, format: 'json' as const }));
const ids = (catalog: { path: string }) => jsonIds(catalog, 'land.catch_up');

describe('a landing job catching up with a backlog', () => {
  it('commits the backlog’s last batch once caught up, not an interval later; then new records wait for the interval', async () => {
    pythonProduce(lab, topic, rows(0, 6000));
    const catalog = landingCatalog();
    const intervalMs = 300_000;
    const job = await core.client.call('land.create', jobSpec(catalog, { name: `catch-up-${topic}`, topic, table: { namespace: ['land'], name: 'catch_up' }, commit: { intervalMs, maxBytes: 1 << 20 } }));
    const started = Date.now();
    await core.client.call('land.start', { job: job.id });
    await waitFor(core, job.id, (s) => s.landedRecords >= 6000 && s.lagRecords === 0, 120_000);
    expect(Date.now() - started).toBeLessThan(intervalMs / 3);
    const backlog = icebergRows(catalog.path, 'land.catch_up');
    expect(backlog.snapshots).toBeGreaterThanOrEqual(3); // the byte limit sealed batches while the job was behind
    expect(ids(catalog)).toEqual(range(0, 6000));

    // Caught up: a few fresh records are not worth a commit of their own before the interval ends.
    pythonProduce(lab, topic, rows(6000, 6020));
    await waitFor(core, job.id, (s) => s.partitions.reduce((n, p) => n + p.endOffset, 0) >= 6020);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await core.client.call('land.get', { job: job.id })).status?.landedRecords).toBe(6000);
    // Stopping commits what is staged.
    await core.client.call('land.stop', { job: job.id });
    expect(ids(catalog)).toEqual(range(0, 6020));
    expect(icebergRows(catalog.path, 'land.catch_up').snapshots).toBe(backlog.snapshots + 1);
  }, 180_000);
});
