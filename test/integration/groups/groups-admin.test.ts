import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../electron/cli/main';
import { startCore } from '../core-session';
import { pythonProduce } from '../python-kafka';

const lab = inject('lab');
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const suffix = Date.now().toString(36);
const topic = `groups-${suffix}`;
const created = `admin-${suffix}`;
const copyTo = `copy-${suffix}`;
const groupId = `floe-group-${suffix}`;
const wide = `groups-wide-${suffix}`;
const profileId = 'local-lab';
let core: ReturnType<typeof startCore>;

beforeAll(async () => {
  core = startCore(lab.home);
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }, { topic: copyTo, numPartitions: 1 }], waitForLeaders: true });
  pythonProduce(lab, topic, Array.from({ length: 20 }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: { i } })));
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic, created, copyTo, wide] }).catch(() => undefined);
  await admin.disconnect();
  await core.close();
});

describe('consumer groups', () => {
  it('lists a live group with lag, refuses a reset while it has members, then resets and deletes it', async () => {
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    await consumer.run({ autoCommit: false, eachMessage: async () => void seen++ });
    while (seen < 20) await new Promise((r) => setTimeout(r, 100));
    await consumer.commitOffsets([{ topic, partition: 0, offset: '7' }, { topic, partition: 1, offset: '10' }]);

    const { groups } = await core.client.call('groups.list', { profileId });
    const none = { partitions: 0, ifEarliest: 0 };
    expect(groups.find((g) => g.groupId === groupId)).toMatchObject({ state: 'Stable', members: 1, protocolType: 'consumer', totalLag: 3, uncommitted: none, topics: [topic] });
    const detail = await core.client.call('groups.describe', { profileId, groupId });
    expect(detail.partitions).toEqual([
      { topic, partition: 0, committed: 7, start: 0, end: 10, lag: 3, ifEarliest: null, metadata: null, memberId: detail.memberList[0]!.memberId },
      { topic, partition: 1, committed: 10, start: 0, end: 10, lag: 0, ifEarliest: null, metadata: null, memberId: detail.memberList[0]!.memberId },
    ]);
    const onTopic = await core.client.call('topics.describe', { profileId, topic });
    expect(onTopic.groups).toEqual([
      {
        groupId,
        state: 'Stable',
        totalLag: 3,
        uncommitted: none,
        partitions: [
          { partition: 0, committed: 7, start: 0, end: 10, lag: 3, ifEarliest: null },
          { partition: 1, committed: 10, start: 0, end: 10, lag: 0, ifEarliest: null },
        ],
      },
    ]);

    const preview = await core.client.call('groups.resetOffsets', { profileId, groupId, topic, to: { kind: 'shift', by: -5 } });
    expect(preview).toMatchObject({ applied: false, rows: [{ partition: 0, current: 7, target: 2 }, { partition: 1, current: 10, target: 5 }] });
    await expect(core.client.call('groups.resetOffsets', { profileId, groupId, topic, to: { kind: 'earliest' }, dryRun: false })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/has 1 active member\(s\).*stop its consumers/),
    });
    await expect(core.client.call('groups.delete', { profileId, groupId })).rejects.toMatchObject({ code: 'CONFLICT' });
    await consumer.disconnect();

    const single = await core.client.call('groups.resetOffsets', { profileId, groupId, topic, partition: 1, to: { kind: 'offset', offset: 99 }, dryRun: false });
    expect(single).toMatchObject({ applied: true, rows: [{ partition: 1, target: 10, note: '99 is past the end: clamped to 10' }] });
    const byTime = await core.client.call('groups.resetOffsets', { profileId, groupId, topic, to: { kind: 'timestamp', timestamp: 0 }, dryRun: false });
    expect(byTime.rows.map((r) => r.target)).toEqual([0, 0]);
    const after = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(after[0]!.partitions.map((p) => p.offset).sort()).toEqual(['0', '0']);

    expect(await core.client.call('groups.delete', { profileId, groupId })).toEqual({ deleted: groupId });
    await expect(core.client.call('groups.describe', { profileId, groupId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('lag of partitions a group never committed', () => {
  it('shows every partition of a subscribed topic, counting never-committed ones from both possible starts', async () => {
    const partial = `floe-partial-${suffix}`;
    await admin.createTopics({ topics: [{ topic: wide, numPartitions: 3 }], waitForLeaders: true });
    pythonProduce(lab, wide, Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, key: `k${i}`, value: { i } })));
    // The group committed partition 0 only (at 4 of 10): partitions 1 and 2 hold 20 records it has never read.
    await admin.setOffsets({ groupId: partial, topic: wide, partitions: [{ partition: 0, offset: '4' }] });
    try {
      const detail = await core.client.call('groups.describe', { profileId, groupId: partial });
      expect(detail.partitions.map((p) => [p.partition, p.committed, p.start, p.end, p.lag, p.ifEarliest])).toEqual([
        [0, 4, 0, 10, 6, null],
        [1, null, 0, 10, null, 10],
        [2, null, 0, 10, null, 10],
      ]);
      expect(detail).toMatchObject({ totalLag: 6, uncommitted: { partitions: 2, ifEarliest: 20 } });
      const { groups } = await core.client.call('groups.list', { profileId });
      expect(groups.find((g) => g.groupId === partial)).toMatchObject({ totalLag: 6, uncommitted: { partitions: 2, ifEarliest: 20 }, topics: [wide] });
      const onTopic = await core.client.call('topics.describe', { profileId, topic: wide });
      expect(onTopic.groups.find((g) => g.groupId === partial)).toMatchObject({ totalLag: 6, uncommitted: { partitions: 2, ifEarliest: 20 } });
    } finally {
      await admin.deleteGroups([partial]).catch(() => undefined);
    }
  });
});

describe('topic administration', () => {
  it('creates with configs, shows non-defaults with their source, grows, edits configs and deletes', async () => {
    expect(await core.client.call('topics.create', { profileId, name: created, partitions: 2, configs: { 'retention.ms': '3600000' } })).toEqual({ created });
    await expect(core.client.call('topics.create', { profileId, name: created })).rejects.toMatchObject({ code: 'CONFLICT' });
    let detail = await core.client.call('topics.describe', { profileId, topic: created });
    expect(detail.partitions.map((p) => ({ partition: p.partition, replicas: p.replicas.length, isr: p.isr.length, messages: p.messages }))).toEqual([
      { partition: 0, replicas: 1, isr: 1, messages: 0 },
      { partition: 1, replicas: 1, isr: 1, messages: 0 },
    ]);
    expect(detail.configs.find((c) => c.name === 'retention.ms')).toMatchObject({ value: '3600000', source: 'DYNAMIC_TOPIC_CONFIG', isDefault: false });
    expect(detail.configs.find((c) => c.name === 'cleanup.policy')).toMatchObject({ isDefault: true });

    expect(await core.client.call('topics.addPartitions', { profileId, topic: created, total: 4 })).toEqual({ partitions: 4 });
    await expect(core.client.call('topics.addPartitions', { profileId, topic: created, total: 2 })).rejects.toMatchObject({ code: 'BAD_INPUT' });

    const { configs } = await core.client.call('topics.alterConfigs', { profileId, topic: created, set: { 'cleanup.policy': 'compact' }, reset: ['retention.ms'] });
    expect(configs.find((c) => c.name === 'cleanup.policy')).toMatchObject({ value: 'compact', source: 'DYNAMIC_TOPIC_CONFIG' });
    expect(configs.find((c) => c.name === 'retention.ms')!.source).not.toBe('DYNAMIC_TOPIC_CONFIG');
    await expect(core.client.call('topics.alterConfigs', { profileId, topic: created, set: { 'no.such.config': '1' } })).rejects.toThrow(/Unknown topic config: no.such.config/);

    detail = await core.client.call('topics.describe', { profileId, topic: created });
    expect(detail.partitions).toHaveLength(4);
    expect(await core.client.call('topics.delete', { profileId, topic: created })).toEqual({ deleted: created });
    await expect(core.client.call('topics.describe', { profileId, topic: created })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('produce, re-produce, export and copy', () => {
  it('produces with headers, a fixed partition and copies, and re-produces the exact bytes elsewhere', async () => {
    const result = await core.client.call('messages.produce', {
      profileId,
      topic,
      key: { encoding: 'string', text: 'made-by-floe' },
      value: { encoding: 'json', text: '{"hello":"world"}' },
      headers: [{ key: 'source', value: 'floe' }],
      partition: 1,
      copies: 3,
    });
    expect(result).toMatchObject({ count: 3, written: [{ partition: 1, offset: 10 }] });
    const page = await core.client.call('messages.read', { profileId, topic, partitions: [1], start: { kind: 'offset', offset: 10 } });
    expect(page.records.map((r) => [r.offset, r.key.value, r.value.value, r.headers])).toEqual(
      [10, 11, 12].map((o) => [o, 'made-by-floe', { hello: 'world' }, [{ key: 'source', value: 'floe' }]]),
    );
    await expect(core.client.call('messages.produce', { profileId, topic, value: { encoding: 'hex', text: 'abc' } })).rejects.toThrow(/value: not hex/);
    await expect(core.client.call('messages.produce', { profileId, topic, value: { encoding: 'json', text: '{oops' } })).rejects.toThrow(/value: not valid JSON/);

    const copied = await core.client.call('messages.reproduce', { profileId, from: { topic, partition: 1, offset: 10 }, to: { topic: copyTo } });
    const detail = await core.client.call('messages.get', { profileId, topic: copyTo, partition: copied.written[0]!.partition, offset: copied.written[0]!.offset });
    const original = await core.client.call('messages.get', { profileId, topic, partition: 1, offset: 10 });
    expect([detail.rawKeyHex, detail.rawValueHex, detail.headers]).toEqual([original.rawKeyHex, original.rawValueHex, original.headers]);
  });

  it('exports a filtered scan to JSON Lines and CSV, and copies a record as JSON or a kcat command that fetches it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-export-'));
    const jsonl = await core.client.stream(
      'messages.export',
      { profileId, topic, format: 'jsonl', path: join(dir, 'out.jsonl'), select: { kind: 'search', filter: 'has(value.i) && value.i >= 16.0' } },
      () => undefined,
    );
    expect(jsonl).toMatchObject({ written: 4, search: { matched: 4, stoppedBecause: 'complete' } });
    const rows = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { value: { i: number }; topic: string });
    expect(rows.map((r) => r.value.i).sort()).toEqual([16, 17, 18, 19]);
    const csv = await core.client.stream(
      'messages.export',
      { profileId, topic, format: 'csv', path: join(dir, 'out.csv'), select: { kind: 'records', records: [{ partition: 1, offset: 10 }] } },
      () => undefined,
    );
    expect(csv.written).toBe(1);
    const lines = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('topic,partition,offset,timestamp,key,value,headers,schema_id,error');
    expect(lines[1]).toContain(`${topic},1,10,`);
    expect(lines[1]).toContain('made-by-floe,"{""hello"":""world""}","{""source"":""floe""}"');

    const asJson = JSON.parse((await core.client.call('messages.copy', { profileId, topic, partition: 1, offset: 10, as: 'json' })).text) as Record<string, unknown>;
    expect(asJson).toMatchObject({ topic, partition: 1, offset: 10, key: 'made-by-floe', value: { hello: 'world' } });
    const { text } = await core.client.call('messages.copy', { profileId, topic, partition: 1, offset: 10, as: 'kcat' });
    expect(text).toBe(`kcat -C -b ${lab.kafka.plaintext} -t ${topic} -p 1 -o 10 -c 1 -e -J`);
    // The command is run as printed where kcat is installed (apt package kcat).
    if (existsSync('/usr/bin/kcat')) {
      const fetched = JSON.parse(execFileSync('bash', ['-c', text], { encoding: 'utf8' })) as { offset: number; key: string; payload: string };
      expect(fetched).toMatchObject({ offset: 10, key: 'made-by-floe', payload: '{"hello":"world"}' });
    } else console.warn('kcat is not installed: the copied command was not run');
  });
});

describe('CLI', () => {
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([...argv, '--bootstrap', lab.kafka.plaintext], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out, err };
  };

  it('consume --filter --json writes JSON Lines and says what it scanned; produce, groups and group-reset work', async () => {
    const consumed = await run(['consume', topic, '--partition', '0', '--filter', 'int(value.i) >= 14', '--json']);
    expect(consumed.err.join('\n')).not.toMatch(/floe:/);
    expect(consumed.code).toBe(0);
    expect(consumed.out.map((l) => (JSON.parse(l) as { value: { i: number } }).value.i)).toEqual([14, 16, 18]);
    expect(consumed.err[0]).toMatch(/^3 of 10 records scanned matched in \d+ ms; scanned 0:\[0,10\)$/);

    const limited = await run(['consume', topic, '--from', '5', '--limit', '2']);
    expect(limited.out).toHaveLength(2);
    expect(limited.err[0]).toMatch(/stopped at --limit/);

    const bad = await run(['consume', topic, '--filter', 'value.i >']);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/--filter: Filter does not parse: .* at line 1, column 10/);

    const produced = await run(['produce', copyTo, '--key', 'cli', '--value', '{"from":"cli"}', '--value-format', 'json', '--header', 'a=b', '--json']);
    expect(produced.code).toBe(0);
    expect(JSON.parse(produced.out[0]!)).toMatchObject({ count: 1 });

    const gid = `cli-group-${suffix}`;
    const reset = await run(['group-reset', gid, '--topic', topic, '--to', 'offset:4', '--dry-run']);
    expect(reset.code).toBe(0);
    expect(reset.err[0]).toMatch(/Dry run: nothing changed/);
    const applied = await run(['group-reset', gid, '--topic', topic, '--to', 'offset:4', '--json']);
    expect(JSON.parse(applied.out.join('\n'))).toMatchObject({ applied: true });
    const groups = await run(['groups', '--json']);
    expect((JSON.parse(groups.out.join('\n')) as { groups: { groupId: string; totalLag: number }[] }).groups.find((g) => g.groupId === gid)).toMatchObject({ totalLag: 6 + 6 + 3 });
  });
});
