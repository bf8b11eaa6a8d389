// A replay to another cluster (a Kafka-only second lab): no transaction spans the two, so the job is killed -9
// exactly where that matters — its records committed on the target, its position not yet saved on the source —
// several times, and each resume must find those records by their provenance headers and not send them again.
// confluent-kafka, reading the target read_committed, finds every source record exactly once.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LabInfo } from '../../../electron/lab';
import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import { createTopics } from '../connect-fixtures';
import { startCore } from '../core-session';
import { fillTopic } from '../filled-topic';
import { pythonDumpCommitted } from '../python-kafka';
import { secondCluster } from '../second-cluster';
import { runAndKill } from './replay-process';

const lab = inject('lab');
const suffix = Date.now().toString(36);
const source = `xc-source-${suffix}`;
const target = `xc-target-${suffix}`;
const RECORDS = 60_000;
let second: Awaited<ReturnType<typeof secondCluster>>;
let core: ReturnType<typeof startCore>;
let dropSource: () => Promise<void>;
let secondProfile: string;

const text = (hex: string | null) => (hex === null ? null : Buffer.from(hex, 'hex').toString('utf8'));

beforeAll(async () => {
  second = await secondCluster();
  core = startCore(lab.home);
  dropSource = await fillTopic(lab, source, 1, RECORDS);
  await createTopics(second.lab, [{ topic: target, partitions: 3 }]);
  secondProfile = (await core.client.call('connections.save', { name: `second-${suffix}`, kafka: { bootstrap: [second.lab.kafka.plaintext], security: { protocol: 'PLAINTEXT' } } })).id;
}, 240_000);

afterAll(async () => {
  await dropSource?.();
  await core?.close();
  await second?.stop();
});

const onTarget = (l: LabInfo) => pythonDumpCommitted(l, target);

describe('replay to another cluster', () => {
  it('killed -9 between the target commit and the position commit, again and again, and resumed: each record is on the target once', async () => {
    const job = await core.client.call('replay.create', { profileId: LOCAL_LAB_PROFILE_ID, source: { kind: 'partition', topic: source, partition: 0 }, target: { topic: target, partitioning: 'key', profileId: secondProfile } });
    expect(job.spec.target.profileId).toBe(secondProfile);
    let kills = 0;
    for (const stallAt of [2, 3, 3]) {
      const out = await runAndKill(lab.home, core.dataDir, job.id, { stallAt }, core.secretKey).catch((e: Error) => e.message);
      if (!out.includes('stalled')) break; // it finished before that commit
      kills++;
      // Killed with a transaction committed on the target whose position was not saved: more there than sent.
      const saved = await core.client.call('replay.get', { id: job.id });
      expect(onTarget(second.lab).length).toBeGreaterThan(saved.progress.sent);
    }
    expect(kills).toBeGreaterThanOrEqual(2);
    const done = await core.client.stream('replay.run', { id: job.id }, () => undefined);
    expect(done.status).toBe('done');
    expect(done.message).toBe(`Sent ${RECORDS} records effectively once (another cluster)`);
    expect(done.progress.sent).toBe(RECORDS);
    expect(done.report.alreadyThere).toBeGreaterThan(0);
    process.stderr.write(`[cross-cluster] ${kills} kills; ${done.report.alreadyThere} records found on the target on resume and not sent again\n`);
    const records = onTarget(second.lab);
    const offsets = records.map((r) => Object.fromEntries(r.headers.map(([k, v]) => [k, text(v)])) as Record<string, string>);
    expect(offsets.every((h) => h['floe.replay.id'] === job.id && h['floe.replay.source.topic'] === source)).toBe(true);
    const seen = offsets.map((h) => Number(h['floe.replay.source.offset']));
    expect(seen).toHaveLength(RECORDS);
    expect(new Set(seen).size).toBe(RECORDS);
    expect(Math.min(...seen)).toBe(0);
    expect(Math.max(...seen)).toBe(RECORDS - 1);
    // Nothing went to the source cluster's topic of that name.
    expect((await core.client.call('topics.list', { profileId: LOCAL_LAB_PROFILE_ID })).topics.some((t: { name: string }) => t.name === target)).toBe(false);
  }, 400_000);

  it('a dry run counts the target partitions on the other cluster; an unknown target profile or topic there is named', async () => {
    const plan = await core.client.stream('replay.plan', { profileId: LOCAL_LAB_PROFILE_ID, source: { kind: 'partition', topic: source, partition: 0, range: { kind: 'offsets', to: { '0': 10 } } }, target: { topic: target, partitioning: 'key', profileId: secondProfile } }, () => undefined);
    expect(plan.selected).toBe(10);
    expect(new Set(plan.sends.map((s) => s.target.partition)).size).toBeGreaterThan(1);
    await expect(core.client.call('replay.create', { profileId: LOCAL_LAB_PROFILE_ID, source: { kind: 'partition', topic: source, partition: 0 }, target: { topic: source, profileId: secondProfile } })).rejects.toThrow(`Topic "${source}" does not exist`);
    await expect(core.client.call('replay.create', { profileId: LOCAL_LAB_PROFILE_ID, source: { kind: 'partition', topic: source, partition: 0 }, target: { topic: target, profileId: 'no-such-profile' } })).rejects.toThrow(/no-such-profile/);
  });

  it('when what it wrote to the target is gone before a resume (retention, a deletion), the resume says the rest is at least once', async () => {
    const gone = `${target}-gone`;
    await createTopics(second.lab, [{ topic: gone }]);
    const job = await core.client.call('replay.create', { profileId: LOCAL_LAB_PROFILE_ID, source: { kind: 'partition', topic: source, partition: 0, range: { kind: 'offsets', to: { '0': 30_000 } } }, target: { topic: gone, profileId: secondProfile } });
    expect(await runAndKill(lab.home, core.dataDir, job.id, { stallAt: 2 }, core.secretKey)).toContain('stalled');
    const admin = new Kafka({ brokers: [second.lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const [end] = await admin.fetchTopicOffsets(gone);
    await admin.deleteTopicRecords({ topic: gone, partitions: [{ partition: 0, offset: end!.high }] });
    await admin.disconnect();
    const done = await core.client.stream('replay.run', { id: job.id }, () => undefined);
    expect(done.message).toBe('Sent 30000 records at least once (see its errors)');
    expect(done.report.errors.map((e) => e.message)).toContainEqual(expect.stringMatching(new RegExp(`^at least once from here: ${gone}/0: offsets \\d+…\\d+ were deleted on the target before the resume could check them$`)));
  }, 240_000);
});
