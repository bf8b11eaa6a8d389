// Where a landing job starts and what it does when the catalog refuses a commit, against the lab: `latest`
// lands only what arrives after the start, a time lands from the first record at or after it (a time past
// the last record starts at the end), and a catalog that stays locked through a commit pauses the job with
// the cause, commits nothing half-way, and a restart lands every record once (pyiceberg reads the table).
import { spawn } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { pythonProduce } from '../python-kafka';
import { coreWithTopics, jobSpec, jsonIds, landingCatalog, range, waitFor } from './land-fixtures';

const lab = inject('lab');
const suffix = Date.now().toString(36);
const latest = `land-latest-${suffix}`;
const timed = `land-timed-${suffix}`;
const future = `land-future-${suffix}`;
const locked = `land-locked-${suffix}`;
const core = coreWithTopics(lab, [latest, timed, future, locked]);

const rows = (from: number, to: number, timestamp?: (i: number) => number) =>
  Array.from({ length: to - from }, (_, k) => from + k).map((i) => ({ key: `k${i}`, value: { id: i, name: `n${i}` }, format: 'json' as const, ...(timestamp ? { timestamp: timestamp(i) } : {}) }));

describe('where a landing job starts', () => {
  it('latest: only records that arrive after the job started', async () => {
    pythonProduce(lab, latest, rows(0, 50));
    const catalog = landingCatalog();
    const job = await core.client.call('land.create', jobSpec(catalog, { name: `latest-${suffix}`, topic: latest, table: { namespace: ['land'], name: 'latest' }, start: 'latest' }));
    await core.client.call('land.start', { job: job.id });
    // The job has read its start offsets once it reports its partitions.
    await waitFor(core, job.id, (s) => s.partitions.length === 2);
    pythonProduce(lab, latest, rows(50, 80));
    await waitFor(core, job.id, (s) => s.landedRecords >= 30 && s.lagRecords === 0);
    await core.client.call('land.stop', { job: job.id });
    expect(jsonIds(catalog, 'land.latest')).toEqual(range(50, 80));
  });

  it('a time: from the first record at or after it, in every partition; a time past the last record starts at the end', async () => {
    const t0 = Date.now() - 3600_000;
    pythonProduce(lab, timed, rows(0, 40, (i) => t0 + i * 1000));
    const catalog = landingCatalog();
    const job = await core.client.call('land.create', jobSpec(catalog, { name: `timed-${suffix}`, topic: timed, table: { namespace: ['land'], name: 'timed' }, start: { timestampMs: t0 + 25_500 } }));
    await core.client.call('land.start', { job: job.id });
    await waitFor(core, job.id, (s) => s.landedRecords >= 14 && s.lagRecords === 0);
    await core.client.call('land.stop', { job: job.id });
    expect(jsonIds(catalog, 'land.timed')).toEqual(range(26, 40));

    pythonProduce(lab, future, rows(0, 20));
    const later = landingCatalog();
    const ahead = await core.client.call('land.create', jobSpec(later, { name: `future-${suffix}`, topic: future, table: { namespace: ['land'], name: 'future' }, start: { timestampMs: Date.now() + 3600_000 } }));
    await core.client.call('land.start', { job: ahead.id });
    await waitFor(core, ahead.id, (s) => s.partitions.length === 2);
    pythonProduce(lab, future, rows(20, 30));
    await waitFor(core, ahead.id, (s) => s.landedRecords >= 10 && s.lagRecords === 0);
    await core.client.call('land.stop', { job: ahead.id });
    expect(jsonIds(later, 'land.future')).toEqual(range(20, 30));
  });
});

describe('a catalog that refuses a commit', () => {
  it('pauses the job with the cause, commits nothing half-way, and a restart lands every record once', async () => {
    const catalog = landingCatalog();
    pythonProduce(lab, locked, rows(0, 100));
    const job = await core.client.call('land.create', jobSpec(catalog, { name: `locked-${suffix}`, topic: locked, table: { namespace: ['land'], name: 'locked' } }));
    await core.client.call('land.start', { job: job.id });
    await waitFor(core, job.id, (s) => s.landedRecords >= 100 && s.lagRecords === 0);

    // Another process holds the catalog's SQLite database locked for longer than Floe waits for it (5 s).
    const holder = spawn('python3', ['-c', 'import sqlite3,sys,time\nc=sqlite3.connect(sys.argv[1],isolation_level=None)\nc.execute("BEGIN EXCLUSIVE")\nprint("locked",flush=True)\ntime.sleep(20)\nc.rollback()', catalog.path], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    pythonProduce(lab, locked, rows(100, 150));
    const paused = await waitFor(core, job.id, (s) => s.state === 'paused', 60_000);
    expect(paused.reason).toMatch(/locked|busy/i);
    await new Promise<void>((resolve) => holder.once('exit', () => resolve()));
    expect(jsonIds(catalog, 'land.locked')).toEqual(range(0, 100));

    await core.client.call('land.start', { job: job.id });
    await waitFor(core, job.id, (s) => s.state === 'running' && s.landedRecords >= 50 && s.lagRecords === 0);
    await core.client.call('land.stop', { job: job.id });
    expect(jsonIds(catalog, 'land.locked')).toEqual(range(0, 150));
  }, 120_000);
});
