import type { TopicList, TopicSummary } from '../../../shared/model/topic';
import { cancelled } from '../../../shared/errors';
import { describeLogDirSizes } from './describe-log-dirs';
import type { KafkaClients } from './kafka-clients';
import type { RawCluster, RawMetadata } from './kafkajs-cluster';

/** Topics Kafka or its ecosystem keep for themselves, hidden unless asked for. */
export function isInternalTopic(name: string, flaggedInternal: boolean): boolean {
  return flaggedInternal || name.startsWith('__') || name.startsWith('_confluent') || name === '_schemas';
}

/**
 * All topics with partition count, replication factor, record count and size, in a fixed number of
 * round trips whatever the topic count: one Metadata, one ListOffsets per broker for each end, one
 * DescribeLogDirs per broker.
 */
export async function listTopics(
  clients: KafkaClients,
  profileId: string,
  options: { includeInternal: boolean; signal?: AbortSignal },
): Promise<TopicList> {
  const started = performance.now();
  return clients.run(profileId, async () => {
    const cluster = await clients.cluster(profileId);
    await cluster.refreshMetadata();
    if (options.signal?.aborted) throw cancelled();
    const metadata = cluster.brokerPool.metadata;
    if (!metadata) throw new Error('no metadata after refresh');
    const topics = metadata.topicMetadata.filter((t) => options.includeInternal || !isInternalTopic(t.topic, t.isInternal));

    const [counts, sizes] = await Promise.all([recordCounts(cluster, topics), topicSizes(cluster, metadata, topics)]);
    const summaries: TopicSummary[] = topics.map((t) => ({
      name: t.topic,
      partitions: t.partitionMetadata.length,
      replicationFactor: t.partitionMetadata[0]?.replicas.length ?? 0,
      internal: isInternalTopic(t.topic, t.isInternal),
      messages: counts.get(t.topic) ?? 0,
      sizeBytes: sizes.bytes?.get(t.topic) ?? null,
    }));
    summaries.sort((a, b) => a.name.localeCompare(b.name));
    const result: TopicList = { topics: summaries, fetchedInMs: Math.round(performance.now() - started) };
    if (sizes.note) result.sizeNote = sizes.note;
    return result;
  });
}

async function recordCounts(cluster: RawCluster, topics: RawMetadata['topicMetadata']): Promise<Map<string, number>> {
  const request = (fromBeginning: boolean) =>
    topics
      .filter((t) => t.partitionMetadata.length > 0)
      .map((t) => ({ topic: t.topic, fromBeginning, partitions: t.partitionMetadata.map((p) => ({ partition: p.partitionId })) }));
  if (topics.length === 0) return new Map();
  const [low, high] = await Promise.all([cluster.fetchTopicsOffset(request(true)), cluster.fetchTopicsOffset(request(false))]);
  const lowOf = new Map<string, bigint>();
  for (const t of low) for (const p of t.partitions) lowOf.set(`${t.topic}\u0000${p.partition}`, BigInt(p.offset));
  const counts = new Map<string, number>();
  for (const t of high) {
    let sum = 0n;
    for (const p of t.partitions) {
      const from = lowOf.get(`${t.topic}\u0000${p.partition}`) ?? 0n;
      const to = BigInt(p.offset);
      if (to > from) sum += to - from;
    }
    counts.set(t.topic, Number(sum));
  }
  return counts;
}

async function topicSizes(
  cluster: RawCluster,
  metadata: RawMetadata,
  topics: RawMetadata['topicMetadata'],
): Promise<{ bytes?: Map<string, number>; note?: string }> {
  try {
    const perBroker = await Promise.all(
      metadata.brokers.map(async (b) => ({ nodeId: b.nodeId, sizes: await describeLogDirSizes(await cluster.findBroker({ nodeId: b.nodeId })) })),
    );
    const byNode = new Map(perBroker.map((b) => [b.nodeId, b.sizes]));
    const bytes = new Map<string, number>();
    for (const t of topics) {
      let total = 0;
      for (const p of t.partitionMetadata) total += byNode.get(p.leader)?.get(t.topic)?.get(p.partitionId) ?? 0;
      bytes.set(t.topic, total);
    }
    return { bytes };
  } catch (e) {
    return { note: `The broker did not report sizes (DescribeLogDirs: ${(e as Error).message})` };
  }
}
