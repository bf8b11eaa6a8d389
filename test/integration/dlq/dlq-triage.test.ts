// Discovery, triage and drill-down of a DLQ written by the lab's real Kafka Connect worker: group counts
// equal what was injected, source links point at the very records that failed, decoding uses the source
// topic's schema; Spring and mapped conventions; garbled and missing headers never break a scan.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DlqGroup, DlqRecord } from '../../../shared/model/dlq';
import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import { ConnectRest, createTopics, deleteTopics, feed, labWithConnect, type ConnectLab } from '../connect-fixtures';
import { startCore } from '../core-session';
import { makeConnectDlq, type ConnectDlq } from './dlq-fixtures';

const suffix = Date.now().toString(36);
const profileId = LOCAL_LAB_PROFILE_ID;
let lab: ConnectLab;
let rest: ConnectRest;
let core: ReturnType<typeof startCore>;
let made: ConnectDlq;
const extra = { spring: `orders-${suffix}.DLT`, mapped: `legacy-failures-${suffix}`, garbled: `garbled-${suffix}-dlq`, empty: `empty-${suffix}.dlq`, plain: `plain-${suffix}-dlq` };

const int32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const int64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
};

beforeAll(async () => {
  lab = await labWithConnect(inject('lab'));
  rest = new ConnectRest(lab.connect);
  core = startCore(lab.home);
  made = await makeConnectDlq(lab, rest, core, suffix);
  await createTopics(lab, Object.values(extra).map((topic) => ({ topic })));
  // Spring Kafka's DeadLetterPublishingRecoverer: text headers, partition and offset as big-endian int and long.
  await feed(lab, extra.spring, [0, 1, 2].map((i) => ({
    key: `o${i}`,
    value: `{"order": ${i}}`,
    headers: {
      'kafka_dlt-original-topic': `orders-${suffix}`,
      'kafka_dlt-original-partition': int32(2),
      'kafka_dlt-original-offset': int64(1000 + i),
      'kafka_dlt-original-timestamp': int64(Date.now()),
      'kafka_dlt-original-consumer-group': 'billing',
      'kafka_dlt-exception-fqcn': 'org.springframework.kafka.listener.ListenerExecutionFailedException',
      'kafka_dlt-exception-message': `Listener failed; order ${i} has no customer 7f3e9a${i}c-1b2d-4e5f-8a9b-0c1d2e3f4a5b`,
      'kafka_dlt-exception-stacktrace': `org.springframework.kafka.listener.ListenerExecutionFailedException: Listener failed\n\tat x.y(Z.java:1)\nCaused by: java.lang.IllegalStateException: no customer ${i}\n\tat a.b(C.java:2)\n`,
    },
  })));
  await feed(lab, extra.mapped, [1, 2].map((i) => ({ key: null, value: `payload ${i}`, headers: { 'x-error-class': 'com.acme.Boom', 'x-error': `boom at step ${i}`, 'x-source': 'legacy-in', 'x-trace-id': `t${i}` } })));
  await feed(lab, extra.garbled, [
    { key: 'g1', value: 'v1', headers: { '__connect.errors.topic': 'somewhere', '__connect.errors.partition': 'abc', '__connect.errors.offset': '12', '__connect.errors.exception.class.name': 'x.Y', '__connect.errors.exception.message': Buffer.from([0xff, 0xfe, 0x41]) } },
    { key: 'g2', value: Buffer.from([0, 0, 0, 0, 99, 1, 2]) },
    { key: 'g3', value: 'v3', headers: { '__connect.errors.exception.class.name': 'x.Y' } },
  ]);
  await feed(lab, extra.plain, [{ key: 'k', value: 'just a record' }]);
}, 600_000);

afterAll(async () => {
  await rest?.delete(made?.connector ?? `dlq-sink-${suffix}`);
  if (lab) await deleteTopics(lab, [made?.source, made?.dlq, ...Object.values(extra)].filter((t): t is string => Boolean(t)));
  await core?.close();
});

const groupFor = (groups: DlqGroup[], stage: string, cause: RegExp) => groups.filter((g) => g.stage === stage && cause.test(g.rootCause ?? g.messageTemplate ?? ''));

describe('discovery', () => {
  it('lists the Connect DLQ with its source topic, connector, newest error and growth', async () => {
    const list = await core.client.call('dlq.list', { profileId });
    const found = list.dlqs.find((d) => d.topic === made.dlq);
    expect(found).toMatchObject({ confirmed: true, conventions: ['connect'], records: made.total, sourceTopics: [made.source], connectors: [made.connector], partitions: 1, recent: made.total });
    expect(found!.newestErrorTime).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(list.dlqs.find((d) => d.topic === extra.spring)).toMatchObject({ confirmed: true, conventions: ['spring'], sourceTopics: [`orders-${suffix}`], connectors: ['billing'] });
    // Names mark candidates; a sample confirms them or says why not.
    expect(list.dlqs.find((d) => d.topic === extra.empty)).toMatchObject({ confirmed: false, reason: 'empty', byName: true });
    expect(list.dlqs.find((d) => d.topic === extra.plain)).toMatchObject({ confirmed: false, reason: 'no error headers in the newest 1 records' });
    // The source topic (no error headers, no DLQ name) is not a DLQ; the mapped topic is not one until the mapping exists.
    expect(list.dlqs.map((d) => d.topic)).not.toContain(made.source);
    expect(list.dlqs.map((d) => d.topic)).not.toContain(extra.mapped);
    // Names only: the Connect DLQ (named dlq-…) and the candidates, not the mapped topic.
    const named = await core.client.call('dlq.list', { profileId, all: false });
    expect(named.dlqs.map((d) => d.topic)).toEqual(expect.arrayContaining([made.dlq, extra.spring, extra.empty, extra.plain, extra.garbled]));
    expect(named.dlqs.map((d) => d.topic)).not.toContain(extra.mapped);
  });

  it('recognises a mapping saved with the profile, and refuses a mapping without an error header', async () => {
    await core.client.call('dlq.saveMappings', { profileId, mappings: [{ name: 'legacy', headers: { exceptionClass: 'x-error-class', message: 'x-error', sourceTopic: 'x-source' }, prefix: 'x-trace' }] });
    expect((await core.client.call('dlq.mappings', { profileId })).mappings).toHaveLength(1);
    const list = await core.client.call('dlq.list', { profileId });
    expect(list.dlqs.find((d) => d.topic === extra.mapped)).toMatchObject({ confirmed: true, conventions: ['mapping'], sourceTopics: ['legacy-in'] });
    const triage = await core.client.stream('dlq.groups', { profileId, topic: extra.mapped }, () => undefined);
    expect(triage.groups).toEqual([expect.objectContaining({ convention: 'mapping', count: 2, exceptionClass: 'com.acme.Boom', messageTemplate: 'boom at step <n>', sourceTopic: 'legacy-in' })]);
    await expect(core.client.call('dlq.saveMappings', { profileId, mappings: [{ name: 'x', headers: { sourceTopic: 'src' } }] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('triage', () => {
  it('groups the dead letters by cause with the counts that were injected', async () => {
    const progress: number[] = [];
    const triage = await core.client.stream('dlq.groups', { profileId, topic: made.dlq }, (p) => progress.push(p.scanned));
    expect(triage.scanned).toBe(made.total);
    expect(progress.at(-1)).toBe(made.total);
    for (const c of made.causes) {
      const groups = groupFor(triage.groups, c.stage, c.cause);
      expect(groups.map((g) => g.count), c.name).toEqual([c.records.length]);
      const g = groups[0]!;
      expect(g).toMatchObject({ convention: 'connect', connector: made.connector, sourceTopic: made.source, exceptionClass: 'org.apache.kafka.connect.errors.DataException' });
      expect(g.timeline.reduce((a, b) => a + b, 0)).toBe(c.records.length);
      expect(g.firstSeen).toBeLessThanOrEqual(g.lastSeen);
      expect(g.sourcePartitions).toEqual(c.records.length > 1 ? [0, 1] : [c.records[0]!.partition]);
    }
    // The Avro values are refused by JsonConverter: their own converter cause.
    const rest = triage.groups.filter((g) => !made.causes.some((c) => groupFor([g], c.stage, c.cause).length));
    expect(rest.map((g) => [g.count, g.stage])).toEqual([[2, 'VALUE_CONVERTER']]);
    expect(triage.groups.reduce((n, g) => n + g.count, 0)).toBe(made.total);
    expect(triage.timeline.buckets).toBe(24);
  });

  it('drills into a group: error fields, the original key and value, the source record at its partition and offset', async () => {
    const triage = await core.client.stream('dlq.groups', { profileId, topic: made.dlq }, () => undefined);
    const cause = made.causes[2]!;
    const group = groupFor(triage.groups, cause.stage, cause.cause)[0]!;
    const page = await core.client.call('dlq.records', { profileId, topic: made.dlq, selection: { groups: [group.id] } });
    expect(page.records.map((r) => r.key.value).sort()).toEqual(cause.records.map((r) => r.key).sort());
    for (const r of page.records) {
      expect(r.groupId).toBe(group.id);
      expect(r.error).toMatchObject({ stage: 'TRANSFORMATION', className: 'org.apache.kafka.connect.transforms.Cast$Value', taskId: '0', problems: [] });
      expect(r.error.stacktrace).toMatch(/^org\.apache\.kafka\.connect\.errors\.DataException: Value \(\w+\) was out of range/);
      expect(r.error.source).toEqual({ topic: made.source, ...made.sourceOffsets.get(String(r.key.value)) });
      expect(r.source).toEqual({ state: 'present' });
      expect(r.value).toMatchObject({ kind: 'json', value: { amount: expect.any(String) } });
      // The link opens the very record that failed.
      const original = await core.client.call('messages.get', { profileId, topic: made.source, partition: r.error.source!.partition!, offset: r.error.source!.offset!, decoding: { key: { format: 'string' }, value: { format: 'string' } } });
      expect(original.key.value).toBe(r.key.value);
      expect(JSON.parse(original.value.value as string)).toEqual(r.value.value);
    }
    expect(page.next).toBeNull();
  });

  it('decodes the original value with the source topic schema where the bytes allow', async () => {
    const page = await core.client.call('dlq.records', { profileId, topic: made.dlq, selection: { filter: 'key.startsWith("avro-")' } });
    expect(page.records.map((r) => [r.key.value, r.value.kind, r.value.value])).toEqual([
      ['avro-0', 'avro', { id: 900, amount: 0.5 }],
      ['avro-1', 'avro', { id: 901, amount: 1.5 }],
    ]);
    expect(page.records[0]!.value.wire).toMatchObject({ magic: 0, schemaType: 'AVRO' });
  });

  it('pages a selection exactly, by offsets and by time', async () => {
    const first = await core.client.call('dlq.records', { profileId, topic: made.dlq, limit: 5 });
    const second = await core.client.call('dlq.records', { profileId, topic: made.dlq, limit: 100, after: first.next! });
    const offsets = [...first.records, ...second.records].map((r) => r.offset);
    expect(offsets).toEqual(Array.from({ length: made.total }, (_, i) => i));
    const ranged = await core.client.call('dlq.records', { profileId, topic: made.dlq, selection: { partitions: [0], range: { kind: 'offsets', from: { 0: 3 }, to: { 0: 6 } } } });
    expect(ranged.records.map((r) => r.offset)).toEqual([3, 4, 5]);
    const future = await core.client.call('dlq.records', { profileId, topic: made.dlq, selection: { range: { kind: 'time', from: Date.now() + 3_600_000 } } });
    expect(future.records).toEqual([]);
  });

  it('says when the source record is gone by retention, or its topic is gone', async () => {
    const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await admin.fetchTopicMetadata({ topics: [made.source] });
      await admin.deleteTopicRecords({ topic: made.source, partitions: [{ partition: 0, offset: '3' }] });
    } finally {
      await admin.disconnect();
    }
    const page = await core.client.call('dlq.records', { profileId, topic: made.dlq });
    const bySource = (r: DlqRecord) => r.error.source!;
    for (const r of page.records) {
      const { partition, offset } = bySource(r);
      expect(r.source, `${partition}/${offset}`).toEqual(partition === 0 && offset! < 3 ? { state: 'deleted', low: 3, high: expect.any(Number) } : { state: 'present' });
    }
    const spring = await core.client.call('dlq.records', { profileId, topic: extra.spring });
    expect(spring.records.map((r) => [r.error.source, r.source])).toEqual([0, 1, 2].map((i) => [{ topic: `orders-${suffix}`, partition: 2, offset: 1000 + i }, { state: 'topic-gone' }]));
  });
});

describe('bad input', () => {
  it('reads garbled and missing error headers without failing, saying what is wrong', async () => {
    const triage = await core.client.stream('dlq.groups', { profileId, topic: extra.garbled }, () => undefined);
    expect(triage.groups.reduce((n, g) => n + g.count, 0)).toBe(3);
    expect(triage.groups.find((g) => g.convention === null)?.count).toBe(1);
    expect(triage.notes).toContain('1 records carry no error headers of a known convention (Kafka Connect, Spring, or a saved mapping)');
    const page = await core.client.call('dlq.records', { profileId, topic: extra.garbled });
    const [g1, g2, g3] = page.records;
    expect(g1!.error.problems).toEqual(['__connect.errors.partition is not a number ("abc")', '__connect.errors.exception.message is not UTF-8 text (3 bytes)']);
    expect(g1!.source).toEqual({ state: 'unknown', reason: 'the error headers do not name the source partition and offset' });
    expect(g2!.error).toEqual({ convention: null, problems: ['the record has no headers'] });
    expect(g2!.value).toMatchObject({ kind: 'hex' });
    expect(g3!.source).toEqual({ state: 'unknown', reason: 'the error headers do not name the source topic' });
  });

  it('refuses a bad filter, a bad group id and a topic that does not exist, by name', async () => {
    await expect(core.client.call('dlq.records', { profileId, topic: made.dlq, selection: { filter: 'value.' } })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^Filter does not parse/) });
    await expect(core.client.call('dlq.records', { profileId, topic: made.dlq, selection: { groups: ['not-hex!'] } })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(core.client.stream('dlq.groups', { profileId, topic: `missing-${suffix}` }, () => undefined)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('floe dlq', () => {
  const root = join(import.meta.dirname, '..', '..', '..');
  const floe = (...args: string[]) =>
    spawnSync(process.execPath, [join(root, 'bin/floe.mjs'), 'dlq', ...args], {
      env: { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-cli-')), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('ls, groups and show print what the procedures return', () => {
    const ls = floe('ls', '--json');
    expect(ls.status, ls.stderr).toBe(0);
    expect((JSON.parse(ls.stdout) as { dlqs: { topic: string }[] }).dlqs.map((d) => d.topic)).toContain(made.dlq);
    const groups = floe('groups', made.dlq, '--json');
    expect(groups.status, groups.stderr).toBe(0);
    const triage = JSON.parse(groups.stdout) as { groups: DlqGroup[] };
    expect(triage.groups.reduce((n, g) => n + g.count, 0)).toBe(made.total);
    const biggest = triage.groups[0]!;
    const show = floe('show', made.dlq, '--group', biggest.id, '--json');
    expect(show.status, show.stderr).toBe(0);
    expect((JSON.parse(show.stdout) as { records: DlqRecord[] }).records).toHaveLength(biggest.count);
    const text = floe('groups', made.dlq);
    expect(text.stdout).toContain(biggest.id);
    expect(text.stderr).toMatch(/^\d+ causes in \d+ records/m);
    const plain = floe('show', made.dlq, '--offsets', '0:0-0', '--full');
    expect(plain.stdout).toMatch(/^0\/0 {2}\S+ {2}group [0-9a-f]{12} {2}from /);
    expect(plain.stdout).toContain('\tat org.apache.kafka.connect');
  });

  it('refuses a bad --offsets with exit code 2 and one line', () => {
    const run = floe('show', made.dlq, '--offsets', 'x');
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('floe: --offsets takes P:A-B (partition P, offsets A through B), P:A- or P, not "x"');
  });
});
