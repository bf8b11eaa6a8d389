import type { RawCluster } from './kafkajs-cluster';
import { LATEST, listOffsets, topicPartitions } from './topic-partitions';

export const tp = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** End offsets of every partition of these topics (a deleted topic is left out). */
export async function endOffsets(cluster: RawCluster, topics: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  await Promise.all(
    [...new Set(topics)].map(async (topic) => {
      let leaders;
      try {
        leaders = await topicPartitions(cluster, topic);
      } catch {
        return; // deleted since the group committed: no end to measure lag against
      }
      const ends = await listOffsets(cluster, topic, leaders.filter((l) => l.leader >= 0), new Map(leaders.filter((l) => l.leader >= 0).map((l) => [l.partition, LATEST])));
      for (const [p, o] of ends) out.set(tp(topic, p), o);
    }),
  );
  return out;
}
