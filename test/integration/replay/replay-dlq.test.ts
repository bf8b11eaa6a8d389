// Fix and replay dead letters written by the lab's Kafka Connect, exactly once: a replay killed with -9 between
// sending and committing leaves only an aborted transaction, the resumed job sends each selected record once
// (counted by confluent-kafka reading read_committed), error headers are gone and provenance headers are there.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DlqGroup } from '../../../shared/model/dlq';
import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import type { ReplayJob } from '../../../shared/model/replay';
import { ConnectRest, createTopics, deleteTopics, labWithConnect, readTopic, type ConnectLab } from '../connect-fixtures';
import { startCore } from '../core-session';
import { pythonDumpCommitted } from '../python-kafka';
import { makeConnectDlq, type ConnectDlq } from '../dlq/dlq-fixtures';
import { runAndKill } from './replay-process';

const suffix = Date.now().toString(36);
const profileId = LOCAL_LAB_PROFILE_ID;
let lab: ConnectLab;
let core: ReturnType<typeof startCore>;
let made: ConnectDlq;
let groups: DlqGroup[];
const fixed = `fixed-${suffix}`;
const tiny = `tiny-${suffix}`;

const text = (hex: string | null) => (hex === null ? null : Buffer.from(hex, 'hex').toString('utf8'));
const headerMap = (r: { headers: [string, string | null][] }) => Object.fromEntries(r.headers.map(([k, v]) => [k, text(v)]));

const runToEnd = (id: string, events: ReplayJob[] = []) => core.client.stream('replay.run', { id }, (j) => events.push(j));

beforeAll(async () => {
  lab = await labWithConnect(inject('lab'));
  core = startCore(lab.home);
  made = await makeConnectDlq(lab, new ConnectRest(lab.connect), core, suffix);
  await createTopics(lab, [{ topic: fixed, partitions: 3 }]);
  const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: tiny, configEntries: [{ name: 'max.message.bytes', value: '2000' }] }], waitForLeaders: true });
  await admin.disconnect();
  groups = (await core.client.stream('dlq.groups', { profileId, topic: made.dlq }, () => undefined)).groups;
}, 240_000);

afterAll(async () => {
  await deleteTopics(lab, [fixed, tiny]);
  await core?.close();
});

const group = (name: RegExp) => groups.find((g) => name.test(g.messageTemplate ?? '') || name.test(g.rootCause ?? ''))!;

describe('fix and replay dead letters exactly once', () => {
  it('a dry run lists each record going back to its source topic and partition, error headers gone, provenance added, the edit applied', async () => {
    const g = group(/NumberFormatException/);
    expect(g.count).toBe(4);
    const page = await core.client.call('dlq.records', { profileId, topic: made.dlq, selection: { groups: [g.id] } });
    const first = page.records[0]!;
    const plan = await core.client.stream('replay.plan', {
      profileId,
      source: { kind: 'dlq', topic: made.dlq, selection: { groups: [g.id] } },
      edits: [{ partition: first.partition, offset: first.offset, value: { encoding: 'json', text: '{"id": 20, "amount": "12.0"}' } }],
    }, () => undefined);
    expect(plan.selected).toBe(4);
    expect(plan.skipped).toBe(made.total - 4);
    expect(plan.problems).toEqual([]);
    for (const s of plan.sends) {
      expect(s.target.topic).toBe(made.source);
      const original = made.sourceOffsets.get(s.key!)!;
      expect(s.target.partition).toBe(original.partition);
      expect(s.headers.some((h) => h.key.startsWith('__connect.errors.'))).toBe(false);
      expect(s.headers.map((h) => h.key)).toEqual(expect.arrayContaining(['floe.replay.id', 'floe.replay.source.topic', 'floe.replay.source.partition', 'floe.replay.source.offset']));
    }
    const edited = plan.sends.find((s) => s.source.offset === first.offset && s.source.partition === first.partition)!;
    expect(edited.edited).toBe(true);
    expect(edited.value).toBe('{"id": 20, "amount": "12.0"}');
  });

  it('a replay killed -9 mid-transaction and resumed leaves each selected record exactly once for a read_committed reader', async () => {
    const g = group(/JsonEOFException/);
    const selected = g.count;
    const job = await core.client.call('replay.create', { profileId, source: { kind: 'dlq', topic: made.dlq, selection: { groups: [g.id] } }, target: { topic: fixed } });
    expect(job.progress.total).toBeGreaterThan(0);
    const out = await runAndKill(lab.home, core.dataDir, job.id, { stallAt: 1 });
    expect(out).toContain('stalled');
    expect((await core.client.call('replay.get', { id: job.id })).status).toBe('interrupted');
    // The killed process's records reached the log, inside a transaction that never committed.
    const uncommitted = await readTopic(core, fixed, { atLeast: selected });
    expect(uncommitted).toHaveLength(selected);
    const events: ReplayJob[] = [];
    const done = await runToEnd(job.id, events);
    expect(done.status).toBe('done');
    expect(done.progress.sent).toBe(selected);
    expect(events.length).toBeGreaterThan(0);
    const committed = pythonDumpCommitted(lab, fixed);
    expect(committed).toHaveLength(selected);
    const offsets = committed.map((r) => `${headerMap(r)['floe.replay.source.partition']}:${headerMap(r)['floe.replay.source.offset']}`);
    expect(new Set(offsets).size).toBe(selected);
    for (const r of committed) {
      const h = headerMap(r);
      expect(h['floe.replay.id']).toBe(job.id);
      expect(h['floe.replay.source.topic']).toBe(made.dlq);
      expect(Object.keys(h).some((k) => k.startsWith('__connect.errors.'))).toBe(false);
      expect(text(r.key)).toMatch(/^eof-\d$/);
      expect(r.partition).toBe(made.sourceOffsets.get(text(r.key)!)!.partition);
    }
  }, 180_000);

  it('a done replay never runs twice; the same selection again is refused unless asked for on purpose', async () => {
    const g = group(/JsonEOFException/);
    const { jobs } = await core.client.call('replay.list', {});
    const done = jobs.find((j) => j.status === 'done' && j.spec.target.topic === fixed)!;
    await expect(runToEnd(done.id)).rejects.toThrow(/is done .* never runs twice/);
    await expect(core.client.call('replay.create', { profileId, source: { kind: 'dlq', topic: made.dlq, selection: { groups: [g.id] } }, target: { topic: fixed } })).rejects.toThrow(new RegExp(`Replay ${done.id} \\(done\\) already takes this selection`));
    const again = await core.client.call('replay.create', { profileId, source: { kind: 'dlq', topic: made.dlq, selection: { groups: [g.id] } }, target: { topic: fixed }, again: true });
    expect(again.id).not.toBe(done.id);
  });

  it('fixes one record with an edit and sends the group back to its source topic', async () => {
    const g = group(/NumberFormatException/);
    const page = await core.client.call('dlq.records', { profileId, topic: made.dlq, selection: { groups: [g.id] } });
    const first = page.records[0]!;
    const before = (await readTopic(core, made.source, { atLeast: 1 })).length;
    const job = await core.client.call('replay.create', {
      profileId,
      source: { kind: 'dlq', topic: made.dlq, selection: { records: [{ partition: first.partition, offset: first.offset }] } },
      edits: [{ partition: first.partition, offset: first.offset, value: { encoding: 'json', text: '{"id": 20, "amount": "12.0"}' } }],
    });
    expect((await runToEnd(job.id)).progress.sent).toBe(1);
    const after = pythonDumpCommitted(lab, made.source);
    const replayed = after.filter((r) => headerMap(r)['floe.replay.id'] === job.id);
    expect(replayed).toHaveLength(1);
    expect(text(replayed[0]!.value)).toBe('{"id": 20, "amount": "12.0"}');
    expect(after.length).toBeGreaterThanOrEqual(before + 1);
  });

  it('bad input: an unknown target topic, an edit that is not JSON, a record too large, each named', async () => {
    const g = group(/NumberFormatException/);
    const source = { kind: 'dlq' as const, topic: made.dlq, selection: { groups: [g.id] } };
    await expect(core.client.call('replay.create', { profileId, source, target: { topic: `nowhere-${suffix}` } })).rejects.toThrow(`Topic "nowhere-${suffix}" does not exist`);
    await expect(core.client.call('replay.create', { profileId, source, edits: [{ partition: 0, offset: 0, value: { encoding: 'json', text: '{"amount": ' } }] })).rejects.toThrow(/the edit of 0:0: value: not valid JSON/);
    const page = await core.client.call('dlq.records', { profileId, topic: made.dlq, selection: { groups: [g.id] } });
    const r = page.records[0]!;
    const job = await core.client.call('replay.create', {
      profileId,
      source: { kind: 'dlq', topic: made.dlq, selection: { records: [{ partition: r.partition, offset: r.offset }] } },
      target: { topic: tiny },
      edits: [{ partition: r.partition, offset: r.offset, value: { encoding: 'string', text: 'x'.repeat(5000) } }],
    });
    await expect(runToEnd(job.id)).rejects.toThrow(new RegExp(`Record ${r.partition}:${r.offset}: The broker refused a record for ${tiny}/0 as too large`));
    const failed = await core.client.call('replay.get', { id: job.id });
    expect(failed.status).toBe('failed');
    expect(pythonDumpCommitted(lab, tiny)).toHaveLength(0);
  });
});
