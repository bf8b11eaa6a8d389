import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TopicConfigEntry } from '../../../shared/model/topic-detail';
import { startCore } from '../core-session';

const lab = inject('lab');
const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
const topic = `configs-${Date.now().toString(36)}`;
const profileId = 'local-lab';
let core: ReturnType<typeof startCore>;

/** The topic's dynamic configs as Kafka's own admin client (kafkajs describeConfigs) reports them. */
async function dynamicConfigs(): Promise<Record<string, string>> {
  const res = await admin.describeConfigs({ resources: [{ type: 2, name: topic }], includeSynonyms: false });
  const out: Record<string, string> = {};
  for (const c of res.resources[0]!.configEntries) if (c.configSource === 1) out[c.configName] = c.configValue;
  return out;
}

const value = (configs: TopicConfigEntry[], name: string) => configs.find((c) => c.name === name);

beforeAll(async () => {
  core = startCore(lab.home);
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] }], waitForLeaders: true });
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  await core.close();
});

describe('topic config edits (IncrementalAlterConfigs)', () => {
  it('keeps configs set by two separate edits, and by two edits sent at the same time', async () => {
    await core.client.call('topics.alterConfigs', { profileId, topic, set: { 'cleanup.policy': 'compact' } });
    const { configs } = await core.client.call('topics.alterConfigs', { profileId, topic, set: { 'segment.bytes': '10485760' } });
    expect(value(configs, 'cleanup.policy')).toMatchObject({ value: 'compact', source: 'DYNAMIC_TOPIC_CONFIG' });
    expect(value(configs, 'segment.bytes')).toMatchObject({ value: '10485760', source: 'DYNAMIC_TOPIC_CONFIG' });
    // Concurrent edits of different configs: with read-modify-write AlterConfigs one would undo the other.
    await Promise.all([
      core.client.call('topics.alterConfigs', { profileId, topic, set: { 'max.message.bytes': '2097152' } }),
      core.client.call('topics.alterConfigs', { profileId, topic, set: { 'min.insync.replicas': '1' } }),
      core.client.call('topics.alterConfigs', { profileId, topic, set: { 'retention.bytes': '1073741824' } }),
    ]);
    expect(await dynamicConfigs()).toEqual({
      'retention.ms': '3600000',
      'cleanup.policy': 'compact',
      'segment.bytes': '10485760',
      'max.message.bytes': '2097152',
      'min.insync.replicas': '1',
      'retention.bytes': '1073741824',
    });
  });

  it('returns a reset config to its default and leaves the others alone', async () => {
    const { configs } = await core.client.call('topics.alterConfigs', { profileId, topic, reset: ['retention.ms'], set: { 'cleanup.policy': 'delete' } });
    expect(value(configs, 'retention.ms')!.source).not.toBe('DYNAMIC_TOPIC_CONFIG');
    const dynamic = await dynamicConfigs();
    expect(dynamic['retention.ms']).toBeUndefined();
    expect(dynamic).toMatchObject({ 'cleanup.policy': 'delete', 'segment.bytes': '10485760', 'max.message.bytes': '2097152' });
  });

  it('passes on the broker’s refusal of an invalid value with its message, changing nothing', async () => {
    const before = await dynamicConfigs();
    await expect(core.client.call('topics.alterConfigs', { profileId, topic, set: { 'cleanup.policy': 'shred' } })).rejects.toThrow(/refused the config change \(error code \d+\): .*shred/);
    expect(await dynamicConfigs()).toEqual(before);
  });
});
