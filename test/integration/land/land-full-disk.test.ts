import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCore } from '../core-session';
import { createTopics, deleteTopics } from '../connect-fixtures';
import { pythonProduce } from '../python-kafka';
import { icebergRows, jobSpec, waitFor } from './land-fixtures';

// A landing whose warehouse disk fills up: the job pauses naming the cause, the table keeps exactly what was
// committed before (pyiceberg reads it), and once there is room again the job goes on and the table equals the topic.
// The warehouse is a small tmpfs, so this needs the right to mount (root, as CI runs); without it the test says so and skips.

const lab = inject('lab');
const topic = `land-full-disk-${Date.now().toString(36)}`;
const dir = mkdtempSync(join(tmpdir(), 'floe-full-disk-'));
const disk = join(dir, 'disk');
const catalog = { path: join(dir, 'catalog.db'), warehouse: join(disk, 'warehouse') };
const mounted = (() => {
  mkdirSync(disk, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', disk], { stdio: 'pipe' });
    return true;
  } catch (e) {
    console.warn(`land-full-disk: skipped, a tmpfs cannot be mounted here (${(e as Error).message.split('\n')[0]})`);
    return false;
  }
})();
let core: ReturnType<typeof startCore>;

const SCHEMA = JSON.stringify({ type: 'record', name: 'Blob', namespace: 'floe.land', fields: [{ name: 'id', type: 'long' }, { name: 'blob', type: 'string' }] });
// 8 KB of hex: about 4 KB a row in a zstd Parquet file.
const records = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: { id: from + i, blob: randomBytes(4096).toString('hex') }, format: 'avro' as const }));

beforeAll(async () => {
  if (!mounted) return;
  core = startCore(lab.home);
  await createTopics(lab, [{ topic, partitions: 2 }]);
}, 120_000);

afterAll(async () => {
  await core?.close();
  if (mounted) {
    await deleteTopics(lab, [topic]);
    execFileSync('umount', [disk]);
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('a landing whose disk is full', () => {
  it.skipIf(!mounted)('pauses naming the cause, keeps what was committed, and lands the rest exactly once when there is room again', { timeout: 180_000 }, async () => {
    pythonProduce(lab, topic, records(0, 60), { schemas: { avro: SCHEMA } });
    const job = await core.client.call('land.create', jobSpec(catalog, { name: `full-disk-${topic}`, topic, table: { namespace: ['land'], name: 'blobs' }, mode: 'append' }));
    await core.client.call('land.start', { job: job.id });
    await waitFor(core, job.id, (s) => s.landedRecords >= 60);

    // Leave ~150 KB free, then send ~1.2 MB of rows: the next data file cannot be written.
    const { bavail, bsize } = statfsSync(disk);
    writeFileSync(join(disk, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - 150 * 1024)));
    pythonProduce(lab, topic, records(60, 300), { schemas: { avro: SCHEMA } });
    const paused = await waitFor(core, job.id, (s) => s.state === 'paused');
    expect(paused.state).toBe('paused');
    expect(paused.reason).toMatch(/No space left on device|ENOSPC/);
    expect(paused.landedRecords).toBe(60); // this run's first commit only
    console.log(`land-full-disk: paused with "${paused.reason}"`);

    // Nothing half-committed: the table is what the first commit made, and its offsets say so.
    const before = icebergRows(catalog.path, 'land.blobs');
    expect(before.rows.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(Object.values(JSON.parse(before.summaries.at(-1)!['floe.land.offsets']!) as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(60);

    rmSync(join(disk, 'filler'));
    await core.client.call('land.start', { job: job.id });
    await waitFor(core, job.id, (s) => s.landedRecords >= 300);
    await core.client.call('land.stop', { job: job.id });
    const after = icebergRows(catalog.path, 'land.blobs');
    expect(after.rows.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual(Array.from({ length: 360 }, (_, i) => i));
  });
});
