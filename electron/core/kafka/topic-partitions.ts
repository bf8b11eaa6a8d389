import { FloeError } from '../../../shared/errors';
import type { PartitionWatermarks } from '../../../shared/model/messages';
import { READ_UNCOMMITTED, type RawBroker, type RawCluster } from './kafkajs-cluster';

export interface PartitionLeader {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

export const EARLIEST = -2;
export const LATEST = -1;

const GONE = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID']);

export function topicGone(topic: string): FloeError {
  return new FloeError('NOT_FOUND', `Topic "${topic}" does not exist (was it deleted?)`);
}

/** Rethrows kafkajs's "unknown topic" as NOT_FOUND naming the topic. */
export function mapTopicError(e: unknown, topic: string): never {
  const type = (e as { type?: string }).type;
  if (type && GONE.has(type)) throw topicGone(topic);
  if (type === 'TOPIC_AUTHORIZATION_FAILED') throw new FloeError('AUTH_FAILED', `Not authorized to describe topic "${topic}": an ACL denies this user (ask for DESCRIBE on it)`);
  throw e;
}

async function anyBroker(cluster: RawCluster): Promise<RawBroker> {
  const known = cluster.brokerPool.metadata?.brokers ?? [];
  for (const b of known) {
    try {
      return await cluster.findBroker({ nodeId: b.nodeId });
    } catch {
      // try the next one
    }
  }
  await cluster.refreshMetadata();
  const first = cluster.brokerPool.metadata?.brokers[0];
  if (!first) throw new FloeError('UNREACHABLE', 'No broker is reachable');
  return cluster.findBroker({ nodeId: first.nodeId });
}

/** Partitions of one topic with leader, replicas and ISR, from one Metadata request for that topic alone. */
export async function topicPartitions(cluster: RawCluster, topic: string): Promise<PartitionLeader[]> {
  const broker = await anyBroker(cluster);
  let metadata: Awaited<ReturnType<RawBroker['metadata']>>;
  try {
    metadata = await broker.metadata([topic]);
  } catch (e) {
    mapTopicError(e, topic);
  }
  const found = metadata.topicMetadata.find((t) => t.topic === topic);
  if (!found) throw topicGone(topic);
  // Brokers the pool has not seen yet (a new node) become findable after a pool refresh.
  const known = new Set((cluster.brokerPool.metadata?.brokers ?? []).map((b) => b.nodeId));
  if (metadata.brokers.some((b) => !known.has(b.nodeId))) await cluster.refreshMetadata();
  return found.partitionMetadata
    .map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr }))
    .sort((a, b) => a.partition - b.partition);
}

/** Groups partitions by leader; leaderless partitions are reported, not silently dropped. */
export function byLeader(leaders: PartitionLeader[], partitions: number[]): Map<number, number[]> {
  const map = new Map<number, number[]>();
  const leaderOf = new Map(leaders.map((l) => [l.partition, l.leader]));
  for (const p of partitions) {
    const leader = leaderOf.get(p);
    if (leader === undefined) throw new FloeError('BAD_INPUT', `Partition ${p} does not exist (the topic has ${leaders.length})`);
    if (leader < 0) throw new FloeError('UNREACHABLE', `Partition ${p} has no leader right now`);
    map.set(leader, [...(map.get(leader) ?? []), p]);
  }
  return map;
}

/**
 * ListOffsets for some partitions at one timestamp each (EARLIEST, LATEST or epoch ms), one request per leader.
 * For a timestamp after the last record the broker answers -1.
 */
export async function listOffsets(cluster: RawCluster, topic: string, leaders: PartitionLeader[], at: Map<number, number>): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  await Promise.all(
    [...byLeader(leaders, [...at.keys()])].map(async ([nodeId, partitions]) => {
      const broker = await cluster.findBroker({ nodeId });
      let result: Awaited<ReturnType<RawBroker['listOffsets']>>;
      try {
        result = await broker.listOffsets({
          isolationLevel: READ_UNCOMMITTED,
          topics: [{ topic, partitions: partitions.map((partition) => ({ partition, timestamp: at.get(partition)! })) }],
        });
      } catch (e) {
        mapTopicError(e, topic);
      }
      for (const r of result.responses) for (const p of r.partitions) out.set(p.partition, Number(p.offset));
    }),
  );
  return out;
}

export async function watermarks(cluster: RawCluster, topic: string, leaders: PartitionLeader[], partitions: number[]): Promise<PartitionWatermarks[]> {
  const [low, high] = await Promise.all([
    listOffsets(cluster, topic, leaders, new Map(partitions.map((p) => [p, EARLIEST]))),
    listOffsets(cluster, topic, leaders, new Map(partitions.map((p) => [p, LATEST]))),
  ]);
  return partitions.map((partition) => ({ partition, low: low.get(partition) ?? 0, high: high.get(partition) ?? 0 }));
}
