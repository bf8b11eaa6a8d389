import type { RawCluster } from './kafkajs-cluster';
import { topicPartitions, watermarks } from './topic-partitions';

/** Per partition of a topic: its log start and end offsets, or null while it has no leader to ask. */
export type TopicWatermarks = Map<number, { low: number; high: number } | null>;

/** Watermarks of every partition of each topic; a deleted topic is left out. */
export async function topicWatermarks(cluster: RawCluster, topics: string[]): Promise<Map<string, TopicWatermarks>> {
  const out = new Map<string, TopicWatermarks>();
  await Promise.all(
    [...new Set(topics)].map(async (topic) => {
      let leaders;
      try {
        leaders = await topicPartitions(cluster, topic);
      } catch {
        return; // deleted since the group committed: no end to measure lag against
      }
      const live = leaders.filter((l) => l.leader >= 0);
      const wms = new Map((await watermarks(cluster, topic, live, live.map((l) => l.partition))).map((w) => [w.partition, w]));
      out.set(topic, new Map(leaders.map((l) => [l.partition, wms.get(l.partition) ?? null])));
    }),
  );
  return out;
}
