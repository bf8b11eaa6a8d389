import type { ScannedRange, SearchProgress } from '../../../shared/model/messages';
import type { PartitionChunk } from '../kafka/partition-fetcher';
import type { ScanPlan } from './scan-plan';

/** A scan's counters and exact per-partition scanned ranges, and the progress report built from them. */
export class ScanProgressTracker {
  readonly ranges: ScannedRange[];
  readonly total: number;
  scanned = 0;
  matched = 0;
  bytes = 0;
  private readonly byPartition: Map<number, ScannedRange>;
  private readonly started = performance.now();

  constructor(plan: ScanPlan) {
    this.ranges = plan.ranges.map((r) => ({ ...r, scannedTo: r.from }));
    this.byPartition = new Map(this.ranges.map((r) => [r.partition, r]));
    this.total = this.ranges.reduce((n, r) => n + (r.to - r.from), 0);
  }

  range(partition: number): ScannedRange {
    return this.byPartition.get(partition)!;
  }

  /** The first offset of every partition that has records left to scan. */
  startPositions(): Map<number, number> {
    return new Map(this.ranges.filter((r) => r.from < r.to).map((r) => [r.partition, r.from]));
  }

  /** After a chunk's records were scanned: everything below its next offset counts as scanned. */
  chunkDone(partition: number, chunk: Pick<PartitionChunk, 'outOfRange' | 'nextOffset'>) {
    const range = this.range(partition);
    range.scannedTo = Math.min(Math.max(range.scannedTo, chunk.outOfRange ? range.to : chunk.nextOffset), range.to);
  }

  snapshot(): SearchProgress {
    const elapsedMs = performance.now() - this.started;
    const recordsPerSec = elapsedMs > 0 ? Math.round((this.scanned * 1000) / elapsedMs) : 0;
    const remaining = this.ranges.reduce((n, r) => n + (r.to - r.scannedTo), 0);
    return {
      scanned: this.scanned,
      total: this.total,
      matched: this.matched,
      bytes: this.bytes,
      recordsPerSec,
      etaMs: recordsPerSec > 0 && this.scanned > 0 ? Math.round((remaining * 1000) / recordsPerSec) : null,
      elapsedMs: Math.round(elapsedMs),
      ranges: this.ranges.map((r) => ({ ...r })),
    };
  }
}
