import type { PartitionWatermarks } from '../../../shared/model/messages';
import type { TopicList, TopicSummary } from '../../../shared/model/topic';
import { cancelled } from '../../../shared/errors';
import { describeLogDirSizes } from '../kafka/describe-log-dirs';
import type { KafkaClients } from '../kafka/kafka-clients';
import { READ_UNCOMMITTED, type RawCluster, type RawMetadata } from '../kafka/kafkajs-cluster';

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
    const { metadata, topics, counts } = await withLeaderRetries(options.signal, async () => {
      await cluster.refreshMetadata();
      const metadata = cluster.brokerPool.metadata;
      if (!metadata) throw new Error('no metadata after refresh');
      const topics = metadata.topicMetadata.filter((t) => options.includeInternal || !isInternalTopic(t.topic, t.isInternal));
      return { metadata, topics, counts: await recordCounts(cluster, topics) };
    });
    const sizes = await topicSizes(cluster, metadata, topics);
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

const LEADERSHIP_ERRORS = new Set(['NOT_LEADER_FOR_PARTITION', 'LEADER_NOT_AVAILABLE', 'UNKNOWN_TOPIC_OR_PARTITION', 'NOT_LEADER_OR_FOLLOWER']);

/**
 * Topics created or deleted a moment ago have partitions without a settled leader: refresh and ask
 * again, for up to `budgetMs` (thousands of new topics take the controller a few seconds to settle).
 */
async function withLeaderRetries<T>(signal: AbortSignal | undefined, work: () => Promise<T>, budgetMs = 8000): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw cancelled();
    try {
      return await work();
    } catch (e) {
      const type = (e as { type?: string }).type ?? '';
      const pause = Math.min(1000, 150 * attempt);
      if (!LEADERSHIP_ERRORS.has(type) || Date.now() + pause > deadline) throw e;
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

const EARLIEST = -2;
const LATEST = -1;

/** One ListOffsets per broker and end, for the partitions it leads; leaderless partitions (-1) are left out. */
export async function topicWatermarks(cluster: RawCluster, topics: RawMetadata['topicMetadata']): Promise<Map<string, PartitionWatermarks[]>> {
  const byLeader = new Map<number, Map<string, number[]>>();
  for (const t of topics)
    for (const p of t.partitionMetadata) {
      if (p.leader < 0) continue;
      const led = byLeader.get(p.leader) ?? new Map<string, number[]>();
      led.set(t.topic, [...(led.get(t.topic) ?? []), p.partitionId]);
      byLeader.set(p.leader, led);
    }
  const ends = async (timestamp: number) => {
    const offsets = new Map<string, number>();
    await Promise.all(
      [...byLeader].map(async ([nodeId, led]) => {
        const broker = await cluster.findBroker({ nodeId });
        const { responses } = await broker.listOffsets({
          isolationLevel: READ_UNCOMMITTED,
          topics: [...led].map(([topic, partitions]) => ({ topic, partitions: partitions.map((partition) => ({ partition, timestamp })) })),
        });
        for (const r of responses) for (const p of r.partitions) offsets.set(`${r.topic}\u0000${p.partition}`, Number(p.offset));
      }),
    );
    return offsets;
  };
  const [low, high] = await Promise.all([ends(EARLIEST), ends(LATEST)]);
  const out = new Map<string, PartitionWatermarks[]>();
  for (const [key, to] of high) {
    const split = key.indexOf('\u0000');
    const topic = key.slice(0, split);
    const list = out.get(topic) ?? [];
    list.push({ partition: Number(key.slice(split + 1)), low: low.get(key) ?? 0, high: to });
    out.set(topic, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.partition - b.partition);
  return out;
}

async function recordCounts(cluster: RawCluster, topics: RawMetadata['topicMetadata']): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const [topic, wms] of await topicWatermarks(cluster, topics)) counts.set(topic, wms.reduce((n, w) => n + Math.max(0, w.high - w.low), 0));
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
