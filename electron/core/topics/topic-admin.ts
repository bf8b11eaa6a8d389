import kafkajs, { type Admin } from 'kafkajs';
import type { z } from 'zod';
import { FloeError } from '../../../shared/errors';
import type { AlterTopicConfigsRequest, CreateTopicRequest, TopicConfigEntry, TopicDetail, TopicGroupLag } from '../../../shared/model/topic-detail';
import type { KafkaClients } from '../kafka/kafka-clients';
import { isInternalTopic } from './topic-list';
import { committedOffsets } from '../groups/groups';
import { lagTotals, partitionLag } from '../groups/group-lag';
import type { PartitionWatermarks } from '../../../shared/model/messages';
import { incrementalAlterTopicConfigs, type ConfigChange } from '../kafka/incremental-alter-configs';
import { topicPartitions, watermarks } from '../kafka/topic-partitions';

// kafkajs is CommonJS and these enums are not visible as named ESM exports.
const { ConfigResourceTypes, ConfigSource } = kafkajs;

const SOURCES: Record<number, string> = {
  [ConfigSource.UNKNOWN]: 'UNKNOWN',
  [ConfigSource.TOPIC_CONFIG]: 'DYNAMIC_TOPIC_CONFIG',
  [ConfigSource.DYNAMIC_BROKER_CONFIG]: 'DYNAMIC_BROKER_CONFIG',
  [ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG]: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
  [ConfigSource.STATIC_BROKER_CONFIG]: 'STATIC_BROKER_CONFIG',
  [ConfigSource.DEFAULT_CONFIG]: 'DEFAULT_CONFIG',
  [ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG]: 'DYNAMIC_BROKER_LOGGER_CONFIG',
};

function protocolType(e: unknown): string {
  return (e as { type?: string }).type ?? '';
}

export async function topicConfigs(admin: Admin, topic: string): Promise<TopicConfigEntry[]> {
  const res = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: false });
  const entries = res.resources[0]?.configEntries ?? [];
  return entries
    .map((c) => ({
      name: c.configName,
      value: c.isSensitive ? null : c.configValue,
      source: SOURCES[c.configSource] ?? String(c.configSource),
      isDefault: c.configSource === ConfigSource.DEFAULT_CONFIG || (c.configSource === undefined && c.isDefault),
      readOnly: c.readOnly,
      sensitive: c.isSensitive,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Groups with committed offsets on the topic and their per-partition lag (one OffsetFetch per group, 16 at a time). */
async function groupsOnTopic(admin: Admin, topic: string, wms: PartitionWatermarks[]): Promise<TopicGroupLag[]> {
  const { groups } = await admin.listGroups();
  const ids = groups.map((g) => g.groupId);
  const found: TopicGroupLag[] = [];
  for (let i = 0; i < ids.length; i += 16) {
    const batch = await Promise.all(ids.slice(i, i + 16).map(async (id) => [id, await committedOffsets(admin, id, [topic]).catch(() => [])] as const));
    for (const [groupId, offsets] of batch) {
      const committed = offsets.filter((o) => o.offset >= 0);
      if (committed.length === 0) continue;
      const partitions = wms.map((w) => ({ partition: w.partition, ...partitionLag(committed.find((o) => o.partition === w.partition)?.offset ?? null, w.low, w.high) }));
      found.push({ groupId, state: '', ...lagTotals(partitions), partitions });
    }
  }
  if (found.length > 0) {
    const { groups: described } = await admin.describeGroups(found.map((g) => g.groupId));
    for (const g of found) g.state = described.find((d) => d.groupId === g.groupId)?.state ?? 'Unknown';
  }
  return found.sort((a, b) => a.groupId.localeCompare(b.groupId));
}

export async function describeTopic(kafka: KafkaClients, profileId: string, topic: string): Promise<TopicDetail> {
  const started = performance.now();
  return kafka.run(profileId, async () => {
    const cluster = await kafka.cluster(profileId);
    const admin = await kafka.admin(profileId);
    const leaders = await topicPartitions(cluster, topic);
    const live = leaders.filter((l) => l.leader >= 0);
    const wms = await watermarks(cluster, topic, live, live.map((l) => l.partition));
    const byPartition = new Map(wms.map((w) => [w.partition, w]));
    const partitions = leaders.map((l) => {
      const wm = byPartition.get(l.partition) ?? { low: 0, high: 0 };
      return { ...l, low: wm.low, high: wm.high, messages: Math.max(0, wm.high - wm.low) };
    });
    const [configs, groups] = await Promise.all([topicConfigs(admin, topic), groupsOnTopic(admin, topic, wms)]);
    return {
      name: topic,
      internal: isInternalTopic(topic, false),
      partitions,
      configs,
      groups,
      messages: partitions.reduce((n, p) => n + p.messages, 0),
      fetchedInMs: Math.round(performance.now() - started),
    };
  });
}

export async function createTopic(kafka: KafkaClients, input: z.output<typeof CreateTopicRequest>): Promise<{ created: string }> {
  return kafka.run(input.profileId, async () => {
    const admin = await kafka.admin(input.profileId);
    let created: boolean;
    try {
      created = await admin.createTopics({
        topics: [{ topic: input.name, numPartitions: input.partitions, replicationFactor: input.replicationFactor, configEntries: Object.entries(input.configs).map(([name, value]) => ({ name, value })) }],
        waitForLeaders: true,
      });
    } catch (e) {
      const errors = (e as { errors?: { message?: string; type?: string }[] }).errors;
      const first = errors?.[0];
      if (first?.type === 'TOPIC_ALREADY_EXISTS') throw new FloeError('CONFLICT', `Topic "${input.name}" already exists`);
      if (first) throw new FloeError('BAD_INPUT', `The broker refused to create "${input.name}": ${first.message ?? first.type}`);
      throw e;
    }
    if (!created) throw new FloeError('CONFLICT', `Topic "${input.name}" already exists`);
    return { created: input.name };
  });
}

export async function deleteTopic(kafka: KafkaClients, profileId: string, topic: string): Promise<{ deleted: string }> {
  return kafka.run(profileId, async () => {
    const admin = await kafka.admin(profileId);
    try {
      await admin.deleteTopics({ topics: [topic] });
    } catch (e) {
      if (protocolType(e) === 'UNKNOWN_TOPIC_OR_PARTITION' || /does not host this topic/.test((e as Error).message))
        throw new FloeError('NOT_FOUND', `Topic "${topic}" does not exist`);
      throw e;
    }
    return { deleted: topic };
  });
}

export async function addPartitions(kafka: KafkaClients, profileId: string, topic: string, total: number): Promise<{ partitions: number }> {
  return kafka.run(profileId, async () => {
    const cluster = await kafka.cluster(profileId);
    const current = (await topicPartitions(cluster, topic)).length;
    if (total <= current) throw new FloeError('BAD_INPUT', `"${topic}" has ${current} partitions; Kafka can only add partitions, so ask for more than ${current}`);
    const admin = await kafka.admin(profileId);
    await admin.createPartitions({ topicPartitions: [{ topic, count: total }] });
    return { partitions: total };
  });
}

/**
 * Changes only the named configs with IncrementalAlterConfigs (SET and DELETE), so concurrent edits of other
 * configs survive. Names are checked against the topic's described configs first.
 */
export async function alterTopicConfigs(kafka: KafkaClients, input: z.output<typeof AlterTopicConfigsRequest>): Promise<{ configs: TopicConfigEntry[] }> {
  return kafka.run(input.profileId, async () => {
    const admin = await kafka.admin(input.profileId);
    const before = await topicConfigs(admin, input.topic).catch((e: unknown) => {
      if (protocolType(e) === 'UNKNOWN_TOPIC_OR_PARTITION') throw new FloeError('NOT_FOUND', `Topic "${input.topic}" does not exist`);
      throw e;
    });
    const known = new Set(before.map((c) => c.name));
    const unknown = [...Object.keys(input.set), ...input.reset].filter((n) => !known.has(n));
    if (unknown.length) throw new FloeError('BAD_INPUT', `Unknown topic config: ${unknown.join(', ')}`);
    const readOnly = Object.keys(input.set).filter((n) => before.find((c) => c.name === n)?.readOnly);
    if (readOnly.length) throw new FloeError('BAD_INPUT', `Read-only config: ${readOnly.join(', ')}`);
    const changes: ConfigChange[] = [...input.reset.map((name) => ({ name, op: 'delete' as const })), ...Object.entries(input.set).map(([name, value]) => ({ name, op: 'set' as const, value }))];
    if (changes.length > 0) {
      const cluster = await kafka.cluster(input.profileId);
      const nodeId = (await topicPartitions(cluster, input.topic)).find((p) => p.leader >= 0)?.leader ?? cluster.brokerPool.metadata?.brokers[0]?.nodeId;
      if (nodeId === undefined) throw new FloeError('UNREACHABLE', `No broker answers for topic "${input.topic}"`);
      const result = await incrementalAlterTopicConfigs(await cluster.findBroker({ nodeId }), input.topic, changes);
      if (result.errorCode !== 0) throw new FloeError('BAD_INPUT', `The broker refused the config change (error code ${result.errorCode}): ${result.errorMessage ?? 'no message'}`);
    }
    return { configs: await topicConfigs(admin, input.topic) };
  });
}
