// Replay a single partition (a range of offsets, or a time window) of any topic to a target topic, exactly once:
// killed with -9 inside a transaction and at random moments, cancelled and resumed, the target holds each
// source record once and in order for confluent-kafka reading read_committed. Bad input: unknown topic or
// partition, no permission to write the target.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import type { ReplayJob } from '../../../shared/model/replay';
import { createTopics, deleteTopics } from '../connect-fixtures';
import { startCore } from '../core-session';
import { fillTopic } from '../filled-topic';
import { pythonDumpCommitted } from '../python-kafka';
import { runAndKill } from './replay-process';

const lab = inject('lab');
const suffix = Date.now().toString(36);
const profileId = LOCAL_LAB_PROFILE_ID;
const source = `redrive-src-${suffix}`;
const targets = { main: `redrive-a-${suffix}`, cancel: `redrive-b-${suffix}`, time: `redrive-c-${suffix}`, denied: `redrive-d-${suffix}` };
const PER_PARTITION = 20_000;
let core: ReturnType<typeof startCore>;
let dropSource: () => Promise<void>;

const text = (hex: string | null) => (hex === null ? null : Buffer.from(hex, 'hex').toString('utf8'));
const keysOf = (records: { key: string | null }[]) => records.map((r) => text(r.key));
const expected = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `k${from + i}`);
const runToEnd = (id: string, events: ReplayJob[] = []) => core.client.stream('replay.run', { id }, (j) => events.push(j));

beforeAll(async () => {
  core = startCore(lab.home);
  dropSource = await fillTopic(lab, source, 3, PER_PARTITION);
  await createTopics(lab, Object.values(targets).map((topic) => ({ topic, partitions: 3 })));
}, 180_000);

afterAll(async () => {
  await dropSource?.();
  await deleteTopics(lab, Object.values(targets));
  await core?.close();
});

describe('replay a single partition exactly once', () => {
  it('offsets 1,000…18,999 of partition 1: killed -9 inside a transaction and at a random moment, resumed, each record once and in order', async () => {
    const job = await core.client.call('replay.create', { profileId, source: { kind: 'partition', topic: source, partition: 1, range: { kind: 'offsets', from: { '1': 1000 }, to: { '1': 19_000 } } }, target: { topic: targets.main } });
    expect(job.ranges).toEqual([{ partition: 1, from: 1000, to: 19_000 }]);
    expect(await runAndKill(lab.home, core.dataDir, job.id, { stallAt: 2 })).toContain('stalled');
    const first = await core.client.call('replay.get', { id: job.id });
    expect(first.status).toBe('interrupted');
    expect(first.progress.sent).toBeGreaterThan(0);
    expect(first.progress.sent).toBeLessThan(18_000);
    for (const afterMs of [Math.floor(Math.random() * 200), Math.floor(Math.random() * 400)]) {
      const out = await runAndKill(lab.home, core.dataDir, job.id, { afterMs }).catch((e: Error) => e.message);
      if (/done 18000/.test(out)) break; // it finished before the kill
    }
    const status = await core.client.call('replay.get', { id: job.id });
    const done = status.status === 'done' ? status : await runToEnd(job.id);
    expect(done.status).toBe('done');
    expect(done.progress).toMatchObject({ read: 18_000, total: 18_000, sent: 18_000, skipped: 0 });
    const committed = pythonDumpCommitted(lab, targets.main);
    expect(committed.every((r) => r.partition === 1)).toBe(true);
    expect(keysOf(committed)).toEqual(expected(1000, 19_000));
  }, 300_000);

  it('cancels after a transaction, keeps what it committed, and resumes to exactly the rest', async () => {
    const job = await core.client.call('replay.create', { profileId, source: { kind: 'partition', topic: source, partition: 2, range: { kind: 'offsets', from: { '2': 0 }, to: { '2': 6000 } } }, target: { topic: targets.cancel, partitioning: 'key' }, rate: 4000 });
    const events: ReplayJob[] = [];
    const running = core.client.stream('replay.run', { id: job.id }, (j) => {
      events.push(j);
      if (events.length === 2) void core.client.call('replay.cancel', { id: job.id });
    });
    await expect(running).rejects.toThrow(/Cancelled after \d+ records; what was committed stays, resume goes on from there/);
    const cancelled = await core.client.call('replay.get', { id: job.id });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.progress.sent).toBeLessThan(6000);
    expect(pythonDumpCommitted(lab, targets.cancel)).toHaveLength(cancelled.progress.sent);
    expect((await runToEnd(job.id)).progress.sent).toBe(6000);
    const committed = pythonDumpCommitted(lab, targets.cancel);
    expect(keysOf(committed).sort()).toEqual(expected(0, 6000).sort());
  }, 120_000);

  it('a time window becomes offsets with ListOffsets: records from A until B', async () => {
    const wm = await core.client.call('messages.read', { profileId, topic: source, partitions: [0], start: { kind: 'offset', offset: 500 }, limit: 1 });
    const from = wm.records[0]!.timestamp;
    const plan = await core.client.stream('replay.plan', { profileId, source: { kind: 'partition', topic: source, partition: 0, range: { kind: 'time', from } }, target: { topic: targets.time }, limit: 3 }, () => undefined);
    expect(plan.ranges[0]!.from).toBeLessThanOrEqual(500);
    expect(plan.sends.every((s) => s.target.topic === targets.time && s.target.partition === 0)).toBe(true);
    expect(plan.selected + plan.skipped).toBe(PER_PARTITION - plan.ranges[0]!.from);
  });

  it('bad input: an unknown topic, a partition the topic lacks, each named', async () => {
    await expect(core.client.call('replay.create', { profileId, source: { kind: 'partition', topic: `ghost-${suffix}`, partition: 0 }, target: { topic: targets.main } })).rejects.toThrow(`Topic "ghost-${suffix}" does not exist`);
    await expect(core.client.call('replay.create', { profileId, source: { kind: 'partition', topic: source, partition: 9 }, target: { topic: targets.main } })).rejects.toThrow(`Topic "${source}" has no partition 9 (it has 3)`);
  });

  it('no permission: a DENY on the target for the SCRAM user fails the job with the ACL named, and nothing is committed', async () => {
    const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    // resource TOPIC, pattern LITERAL, operation WRITE (4) / DESCRIBE (8), permission DENY (2) / ALLOW (3)
    const acl = { resourceType: 2, resourceName: targets.denied, resourcePatternType: 3, principal: `User:${lab.scram.username}`, host: '*', operation: 4, permissionType: 2 };
    await admin.createAcls({ acl: [acl] });
    try {
      const scram = await core.client.call('connections.save', { name: `scram ${suffix}`, kafka: { bootstrap: [lab.kafka.saslScram], security: { protocol: 'SASL_PLAINTEXT', mechanism: 'SCRAM-SHA-256', username: lab.scram.username } }, secrets: { kafkaPassword: lab.scram.password } });
      const spec = { profileId: scram.id, source: { kind: 'partition' as const, topic: source, partition: 0, range: { kind: 'offsets' as const, from: { '0': 0 }, to: { '0': 10 } } }, target: { topic: targets.denied } };
      // An ACL on the topic ends "allow everyone if no ACL": not even DESCRIBE is left.
      await expect(core.client.call('replay.create', spec)).rejects.toThrow(`Not authorized to describe topic "${targets.denied}": an ACL denies this user`);
      await admin.createAcls({ acl: [{ ...acl, operation: 8, permissionType: 3 }] }); // ALLOW DESCRIBE
      const job = await core.client.call('replay.create', spec);
      await expect(runToEnd(job.id)).rejects.toThrow(/Not authorized to write to the topic .*Kafka error 29/);
      expect((await core.client.call('replay.get', { id: job.id })).status).toBe('failed');
      expect(pythonDumpCommitted(lab, targets.denied)).toHaveLength(0);
    } finally {
      await admin.deleteAcls({ filters: [{ ...acl, operation: 1 }] });
      await admin.disconnect();
    }
  });
});
