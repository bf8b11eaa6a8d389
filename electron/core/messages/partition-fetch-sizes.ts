import { SCAN_LIMITS, type RawChunk } from '../kafka/partition-fetcher';

/** The most a scan asks of a partition: a whole batch as librdkafka producers write them (up to 1,000,000 bytes). */
export const PARTITION_BYTES_MAX = 1 << 20;

/**
 * What a scan's fetches ask of each partition: room for two batches as large as the largest it has sent (a cut one
 * by the size its header declares), from the scan limits' partitionMaxBytes up to PARTITION_BYTES_MAX.
 *
 * Asking less than a batch starves the partition: Kafka sends a batch larger than what is asked only to the
 * response's first partition, so with batches of ~350 KB (Avro) or ~920 KB (JSON) and 256 KiB asked, every response
 * carried one batch (10M Avro records: 5,381 round trips, the scan waiting on the broker 3.3–4.0 s of its 5.5–6.2 s).
 * Asking PARTITION_BYTES_MAX of every partition instead held four times the decompressed bytes of small compressed batches
 * (zstd, 1M records: peak RSS 295–331 MB against 247–291 MB).
 */
export class PartitionFetchSizes {
  private readonly asked = new Map<number, number>();

  /** Bytes to ask of the partitions learnt about (the others: the fetch limits' own). */
  get sizes(): ReadonlyMap<number, number> {
    return this.asked;
  }

  /** Learns from a partition's part of a response; `more` is whether the partition has records left to fetch. */
  saw(chunk: RawChunk, more: boolean): void {
    const largest = chunk.largestBatch ?? 0;
    if (largest > 0) this.asked.set(chunk.partition, Math.min(PARTITION_BYTES_MAX, Math.max(SCAN_LIMITS.partitionMaxBytes, 2 * largest)));
    // Nothing came though records are left: its next batch is larger than asked (or others filled the response).
    else if (more && !chunk.outOfRange) this.asked.set(chunk.partition, PARTITION_BYTES_MAX);
  }
}
