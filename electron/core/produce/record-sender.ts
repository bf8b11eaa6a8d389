import { Partitioners } from 'kafkajs';
import { FloeError } from '../../../shared/errors';
import type { ProduceResult } from '../../../shared/model/produce';
import type { RawCluster } from '../kafka/kafkajs-cluster';
import { producePartitions } from '../kafka/produce-request';
import { encodeRecordBatch, recordSize, type OutRecord } from '../kafka/record-batch-writer';
import { topicPartitions, type PartitionLeader } from '../kafka/topic-partitions';

/** A batch stays well below the broker's default 1 MiB message.max.bytes; one larger record goes alone. */
export const MAX_BATCH_BYTES = 900 * 1024;
const WRITTEN_SHOWN = 100;
const LEADER_RETRIES = 3;

const TOO_LARGE = new Set([10, 18]); // MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE
const UNKNOWN_PARTITION = 3;
const LEADER_MOVED = new Set([5, 6]); // LEADER_NOT_AVAILABLE, NOT_LEADER_OR_FOLLOWER
const NAMES: Record<number, string> = { 2: 'CORRUPT_MESSAGE', 7: 'REQUEST_TIMED_OUT', 19: 'NOT_ENOUGH_REPLICAS', 29: 'TOPIC_AUTHORIZATION_FAILED', 87: 'INVALID_RECORD' };

/** Records in order per partition: a fixed one, or the Java client's default partitioner (murmur2 of the key, else round robin). */
function assign(topic: string, leaders: PartitionLeader[], records: OutRecord[], partition: number | undefined): Map<number, OutRecord[]> {
  if (partition !== undefined && !leaders.some((l) => l.partition === partition))
    throw new FloeError('NOT_FOUND', `Topic "${topic}" has no partition ${partition} (it has ${leaders.length})`);
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = leaders.map((l) => ({ partitionId: l.partition, leader: l.leader }));
  const out = new Map<number, OutRecord[]>();
  for (const r of records) {
    const p = partition ?? partitioner({ topic, partitionMetadata: partitionMetadata as never, message: { key: r.key === null ? null : Buffer.from(r.key), value: null } });
    let list = out.get(p);
    if (!list) out.set(p, (list = []));
    list.push(r);
  }
  return out;
}

/** Consecutive records cut into batches of at most MAX_BATCH_BYTES (one larger record goes alone). */
export function* batches<T extends OutRecord>(records: T[]): Generator<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = recordSize(r);
    if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(r);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

/**
 * Sends records with their exact bytes (null header values, repeated header keys in order) in Floe's own
 * Produce requests, acks from all in-sync replicas; a moved leader is looked up again.
 */
export async function sendRecords(cluster: RawCluster, topic: string, records: OutRecord[], partition?: number): Promise<ProduceResult> {
  const started = performance.now();
  let leaders = await topicPartitions(cluster, topic);
  const written: ProduceResult['written'] = [];
  for (const [p, list] of assign(topic, leaders, records, partition)) {
    for (const batch of batches(list)) {
      const encoded = encodeRecordBatch(batch);
      for (let attempt = 0; ; attempt++) {
        const leader = leaders.find((l) => l.partition === p)?.leader ?? -1;
        if (leader < 0 && attempt < LEADER_RETRIES) {
          await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
          leaders = await topicPartitions(cluster, topic);
          continue;
        }
        if (leader < 0) throw new FloeError('UNREACHABLE', `Partition ${p} of "${topic}" has no leader right now`);
        const [result] = await producePartitions(await cluster.findBroker({ nodeId: leader }), topic, new Map([[p, encoded]]));
        const code = result?.errorCode ?? -1;
        if (code === 0) {
          if (written.length < WRITTEN_SHOWN) written.push({ partition: p, offset: result!.baseOffset });
          break;
        }
        if (LEADER_MOVED.has(code) && attempt < LEADER_RETRIES) {
          await cluster.refreshMetadata();
          leaders = await topicPartitions(cluster, topic);
          continue;
        }
        if (TOO_LARGE.has(code)) throw new FloeError('BAD_INPUT', `The broker refused the record as too large for "${topic}" (raise the topic's max.message.bytes)`);
        if (code === UNKNOWN_PARTITION) throw new FloeError('NOT_FOUND', `Topic "${topic}" does not exist or has no partition ${p}`);
        throw new FloeError('REMOTE_ERROR', `The broker refused the records for ${topic}/${p}: Kafka error ${code}${NAMES[code] ? ` (${NAMES[code]})` : ''}`);
      }
    }
  }
  return { written, count: records.length, ms: Math.round(performance.now() - started) };
}
