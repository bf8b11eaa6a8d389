import { cancelled, FloeError } from '../../../shared/errors';
import type { RawCluster } from './kafkajs-cluster';
import { chunkEnd, readChunk, type ChunkRecords } from './chunk-reader';
import { fetchPartitions, type FetchedPartition, type FetchTarget } from './fetch-request';
import type { RawRecord } from './record-batch';
import { byLeader, topicGone, topicPartitions, type PartitionLeader } from './topic-partitions';

export interface PartitionChunk {
  partition: number;
  records: RawRecord[];
  /** Where the next fetch of this partition starts. */
  nextOffset: number;
  highWatermark: number;
  logStartOffset: number;
  /** The asked offset is outside the retained range (deleted by retention, or past the end). */
  outOfRange?: boolean;
}

/** A partition's part of a Fetch response, not read yet. */
export interface RawChunk extends Omit<PartitionChunk, 'records'> {
  /** The record-batch bytes (null when the broker sent none). */
  bytes: Buffer | null;
  /** The offset asked for: records below it in the first batch are skipped. */
  from: number;
  /** READ_COMMITTED's aborted transactions, null under READ_UNCOMMITTED. */
  aborted: FetchedPartition['abortedTransactions'] | null;
  /** Bytes of the largest batch in `bytes`, a cut one (the size limit) by the size its header declares; 0 without any. */
  largestBatch?: number;
}

export interface FetchLimits {
  /** Only records of committed transactions (and non-transactional ones), up to the last stable offset. */
  readCommitted?: boolean;
  maxWaitMs: number;
  /**
   * Per partition. A batch larger than this comes back whole only for the response's first partition (Kafka never
   * stalls on one); the others get none of it, and wait for a response they lead.
   */
  partitionMaxBytes: number;
  maxBytes: number;
  /**
   * Per partition: stop decoding the response's batches once this many records are read (the next fetch goes on
   * from there). A page needs a few hundred records, and 1 MiB of compressed batches holds ~8 MiB of records.
   */
  maxRecords?: number;
}

export const PAGE_LIMITS: FetchLimits = { maxWaitMs: 0, partitionMaxBytes: 1 << 20, maxBytes: 16 << 20, maxRecords: 1000 };
// 256 KiB a partition unless its batches are larger: a search's scan then asks for room for two (PartitionFetchSizes).
// 1 MiB asked of every partition was as fast but held more decompressed bytes (1M zstd records: peak RSS past 300 MB).
export const SCAN_LIMITS: FetchLimits = { maxWaitMs: 100, partitionMaxBytes: 256 << 10, maxBytes: 2 << 20 };

const NOT_LEADER = new Set([6, 74, 75, 78]); // NOT_LEADER_OR_FOLLOWER, FENCED/UNKNOWN_LEADER_EPOCH, OFFSET_NOT_AVAILABLE
const GONE = new Set([3, 100]); // UNKNOWN_TOPIC_OR_PARTITION, UNKNOWN_TOPIC_ID
const OUT_OF_RANGE = 1;

/**
 * Reads partitions of one topic from given offsets without a consumer group: one Fetch per leader,
 * leaders re-resolved when they move, a deleted topic reported as such.
 */
export class PartitionFetcher {
  private leaders: Promise<PartitionLeader[]>;
  private turn = 0;

  constructor(
    private readonly cluster: RawCluster,
    readonly topic: string,
    leaders?: PartitionLeader[],
  ) {
    this.leaders = leaders ? Promise.resolve(leaders) : topicPartitions(cluster, topic);
  }

  partitions(): Promise<PartitionLeader[]> {
    return this.leaders;
  }

  /** Records from the given positions, read from the response in this thread (a page, a tail, one record). */
  async fetch(positions: Map<number, number>, limits: FetchLimits, signal?: AbortSignal): Promise<Map<number, PartitionChunk>> {
    const out = new Map<number, PartitionChunk>();
    for (const [p, raw] of await this.fetchRaw(positions, limits, signal)) {
      const { bytes, from, aborted, ...base } = raw;
      if (raw.outOfRange) {
        out.set(p, { ...base, records: [] });
        continue;
      }
      let read: ChunkRecords;
      try {
        read = await readChunk(bytes, from, { aborted, maxRecords: limits.maxRecords });
      } catch (e) {
        throw new FloeError('REMOTE_ERROR', `${this.topic}/${p}: ${(e as Error).message}`);
      }
      if (read.legacyMagic !== undefined) throw legacyFormat(this.topic, p, from, read.legacyMagic);
      out.set(p, { ...base, records: read.records, nextOffset: read.nextOffset });
    }
    return out;
  }

  /**
   * The partitions' record-batch bytes, unread (a scan reads them on worker threads), with where the next fetch
   * starts (from the batch headers). `bytes` is a view into the response. `partitionBytes` overrides the limits'
   * partitionMaxBytes for the partitions it has.
   */
  async fetchRaw(positions: Map<number, number>, limits: FetchLimits, signal?: AbortSignal, partitionBytes?: ReadonlyMap<number, number>): Promise<Map<number, RawChunk>> {
    const out = new Map<number, RawChunk>();
    let pending = new Map(positions);
    for (let attempt = 0; pending.size > 0; attempt++) {
      if (signal?.aborted) throw cancelled();
      const retry = new Map<number, number>();
      const groups = byLeader(await this.leaders, [...pending.keys()]);
      await Promise.all(
        [...groups].map(async ([nodeId, partitions]) => {
          const broker = await this.cluster.findBroker({ nodeId });
          // Without a fetch session the broker fills the response in request order: rotate it so no partition starves.
          const turn = this.turn++ % partitions.length;
          const targets: FetchTarget[] = [...partitions.slice(turn), ...partitions.slice(0, turn)].map((partition) => ({ partition, offset: pending.get(partition)!, maxBytes: partitionBytes?.get(partition) ?? limits.partitionMaxBytes }));
          const fetched = await fetchPartitions(broker, this.topic, targets, { maxWaitMs: limits.maxWaitMs, minBytes: limits.maxWaitMs > 0 ? 1 : 0, maxBytes: limits.maxBytes, readCommitted: limits.readCommitted });
          for (const f of fetched) {
            const from = pending.get(f.partition)!;
            if (GONE.has(f.errorCode)) throw topicGone(this.topic);
            if (NOT_LEADER.has(f.errorCode)) {
              retry.set(f.partition, from);
              continue;
            }
            const base = { partition: f.partition, from, highWatermark: f.highWatermark, logStartOffset: f.logStartOffset, aborted: limits.readCommitted ? f.abortedTransactions : null };
            if (f.errorCode === OUT_OF_RANGE) {
              out.set(f.partition, { ...base, bytes: null, nextOffset: from, outOfRange: true });
              continue;
            }
            if (f.errorCode !== 0) throw new FloeError('REMOTE_ERROR', `Fetch of ${this.topic}/${f.partition} failed with error code ${f.errorCode}`);
            const end = chunkEnd(f.records, from);
            if (end.legacyMagic !== undefined) throw legacyFormat(this.topic, f.partition, from, end.legacyMagic);
            out.set(f.partition, { ...base, bytes: f.records, nextOffset: end.nextOffset, largestBatch: end.largestBatch });
          }
        }),
      );
      if (retry.size === 0) break;
      if (attempt >= 4) throw new FloeError('UNREACHABLE', `No leader answers for ${this.topic} partitions ${[...retry.keys()].join(', ')}`);
      await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
      this.leaders = topicPartitions(this.cluster, this.topic);
      pending = retry;
    }
    return out;
  }
}

function legacyFormat(topic: string, partition: number, from: number, magic: number): FloeError {
  return new FloeError('UNSUPPORTED', `${topic}/${partition} at offset ${from} holds message format v${magic}, which Floe does not read (only v2, Kafka 0.11+)`);
}
