import { describe, expect, inject, it } from 'vitest';
import type { LandStatus } from '../../../shared/model/land';
import { kafkaOf } from '../connect-fixtures';
import { coreWithTopics, icebergRows, jobSpec, landingCatalog, waitFor } from './land-fixtures';
import { exactProducer } from '../exact-producer';

// Landing jobs with a short maintenance schedule compact and expire their tables by themselves, between their own
// commits, while records keep arriving; the tables stay equal to the topic (pyiceberg reads them), and a job restarted
// after its old snapshots were expired resumes from the offsets it committed.

const lab = inject('lab');
const suffix = Date.now().toString(36);
const topic = `land-maint-${suffix}`;
const KEYS = 50;
const core = coreWithTopics(lab, [topic]);
const sent: { id: number; seq: number; partition: number; offset: number }[] = [];

const valueSchema = { type: 'struct', optional: false, fields: [{ field: 'id', type: 'int64', optional: false }, { field: 'seq', type: 'int64', optional: false }] };
const keySchema = { type: 'struct', optional: false, fields: [{ field: 'id', type: 'int64', optional: false }] };

async function produce(n: number): Promise<void> {
  const producer = exactProducer(kafkaOf(lab));
  await producer.connect();
  try {
    const rows = Array.from({ length: n }, (_, i) => ({ id: (sent.length + i) % KEYS, seq: sent.length + i }));
    const results = await producer.send({
      topic,
      acks: -1,
      messages: rows.map((r) => ({ partition: r.id % 2, key: JSON.stringify({ schema: keySchema, payload: { id: r.id } }), value: JSON.stringify({ schema: valueSchema, payload: r }) })),
    });
    const next = new Map(results.map((r) => [r.partition, Number(r.baseOffset)]));
    for (const r of rows) {
      const offset = next.get(r.id % 2)!;
      next.set(r.id % 2, offset + 1);
      sent.push({ ...r, partition: r.id % 2, offset });
    }
  } finally {
    await producer.disconnect();
  }
}

const schedule = { compactEveryMs: 10_000, compactFiles: 6, expireEveryMs: 10_000, expireOlderThanMs: 0, retainLast: 3 };
const ran = (s: LandStatus, op: 'compact' | 'expire') => s.maintenance?.last[op]?.ok === true;

describe('a landing job’s own maintenance', () => {
  it('compacts and expires on its schedule while landing, stays exactly once, and resumes after expiry from its offsets', { timeout: 240_000 }, async () => {
    const catalog = landingCatalog();
    const jobs = await Promise.all(
      (['append', 'upsert'] as const).map((mode) =>
        core.client.call('land.create', jobSpec(catalog, { name: `${mode}-${suffix}`, topic, mode, metadataColumns: mode === 'append' ? 'floe' : 'none', table: { namespace: ['maint'], name: mode }, commit: { intervalMs: 500 }, maintenance: schedule })),
      ),
    );
    for (const j of jobs) await core.client.call('land.start', { job: j.id });
    // Records keep coming in small waves: every commit adds small files, snapshots and manifests.
    const until = Date.now() + 150_000;
    let statuses: LandStatus[] = [];
    while (Date.now() < until) {
      await produce(40);
      await new Promise((r) => setTimeout(r, 700));
      statuses = await Promise.all(jobs.map(async (j) => (await core.client.call('land.get', { job: j.id })).status!));
      if (statuses.every((s) => ran(s, 'compact') && ran(s, 'expire') && s.state === 'running')) break;
    }
    expect(statuses.map((s) => [s.state, ran(s, 'compact'), ran(s, 'expire')])).toEqual([['running', true, true], ['running', true, true]]);
    await produce(120);
    for (const j of jobs) await waitFor(core, j.id, (s) => s.partitions.reduce((n, p) => n + p.committedOffset, 0) >= sent.length);
    for (const j of jobs) await core.client.call('land.stop', { job: j.id });

    const check = () => {
      const appended = icebergRows(catalog.path, 'maint.append');
      const where = (p: unknown, o: unknown) => `${String(p)}:${String(o)}`;
      expect(appended.rows.map((r) => where(r.floe_partition, r.floe_offset)).sort()).toEqual(sent.map((r) => where(r.partition, r.offset)).sort());
      const latest = new Map(sent.map((r) => [r.id, r.seq]));
      const upserted = icebergRows(catalog.path, 'maint.upsert');
      expect(upserted.rows.map((r) => [Number(r.id), Number(r.seq)]).sort((a, b) => a[0]! - b[0]!)).toEqual([...latest].sort((a, b) => a[0] - b[0]));
      return { appended, upserted };
    };
    check();
    // Compaction kept the files few and expiry the history short, though every wave made a commit with its own files.
    const final = await Promise.all(jobs.map(async (j) => (await core.client.call('land.get', { job: j.id })).status!));
    for (const [i, j] of jobs.entries()) {
      const health = await core.client.call('maintain.health', { catalog: { kind: 'sqlite', path: catalog.path }, table: j.spec.table });
      const commits = icebergRows(catalog.path, `maint.${j.spec.table.name}`).summaries.length;
      process.stderr.write(`[land-maintenance] ${j.spec.name}: ${sent.length} records, ${health.dataFiles} data files, ${health.deleteFiles} delete files, ${health.snapshots} snapshots, ${health.manifests} manifests; last compaction: ${final[i]!.maintenance?.last.compact?.message}; last expiry: ${final[i]!.maintenance?.last.expire?.message}\n`);
      expect(final[i]!.maintenance?.last.compact?.message).toMatch(/^Rewrote \d+ data files/);
      expect(final[i]!.maintenance?.last.expire?.message).toMatch(/^Expired \d+ snapshot/);
      expect(health.dataFiles).toBeLessThan(schedule.compactFiles * 3);
      expect(commits).toBe(health.snapshots);
      expect(health.snapshots).toBeLessThan(40);
      expect(health.manifests).toBeLessThan(15); // manifests left with only deleted entries are not carried on
    }

    // Restarted after expiry: each job finds its offsets in the kept snapshots and lands only what is new.
    await produce(80);
    for (const j of jobs) await core.client.call('land.start', { job: j.id });
    for (const j of jobs) await waitFor(core, j.id, (s) => s.partitions.reduce((n, p) => n + p.committedOffset, 0) >= sent.length && s.landedRecords >= 80);
    const restarted = await Promise.all(jobs.map(async (j) => (await core.client.call('land.get', { job: j.id })).status!));
    expect(restarted.map((s) => s.landedRecords)).toEqual([80, 80]);
    for (const j of jobs) await core.client.call('land.stop', { job: j.id });
    check();
  });
});
