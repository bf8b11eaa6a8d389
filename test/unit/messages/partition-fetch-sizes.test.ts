import { describe, expect, it } from 'vitest';
import { SCAN_LIMITS, type RawChunk } from '../../../electron/core/kafka/partition-fetcher';
import { PARTITION_BYTES_MAX, PartitionFetchSizes } from '../../../electron/core/messages/partition-fetch-sizes';

const chunk = (partition: number, largestBatch: number, extra: Partial<RawChunk> = {}): RawChunk => ({ partition, from: 0, bytes: null, nextOffset: 0, highWatermark: 10, logStartOffset: 0, aborted: null, largestBatch, ...extra });

describe('what a scan asks of each partition', () => {
  it('asks nothing of its own until a partition has answered: the scan limits apply', () => {
    expect(new PartitionFetchSizes().sizes.size).toBe(0);
  });

  it('asks room for two of the largest batch seen, within the scan limits and PARTITION_BYTES_MAX', () => {
    const sizes = new PartitionFetchSizes();
    sizes.saw(chunk(0, 350_000), true);
    sizes.saw(chunk(1, 1000), true);
    sizes.saw(chunk(2, 900_000), true);
    expect([...sizes.sizes]).toEqual([
      [0, 700_000],
      [1, SCAN_LIMITS.partitionMaxBytes],
      [2, PARTITION_BYTES_MAX],
    ]);
    sizes.saw(chunk(0, 200_000), true); // batches are as large as the last ones seen
    expect(sizes.sizes.get(0)).toBe(400_000);
  });

  it('asks the most of a partition that sent nothing though records are left, and nothing new of one that is done or out of range', () => {
    const sizes = new PartitionFetchSizes();
    sizes.saw(chunk(0, 0), true);
    sizes.saw(chunk(1, 0), false);
    sizes.saw(chunk(2, 0, { outOfRange: true }), true);
    expect([...sizes.sizes]).toEqual([[0, PARTITION_BYTES_MAX]]);
  });
});
