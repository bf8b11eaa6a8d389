import { cancelled } from '../../../shared/errors';
import type { FetchLimits, PartitionChunk, PartitionFetcher } from './partition-fetcher';
import type { RawRecord } from './record-batch';

/** Offsets [from, to) of one partition. */
export interface OffsetRange {
  partition: number;
  from: number;
  to: number;
}

/** What one fetch brought of one partition. */
export interface RangeStep {
  partition: number;
  /** The records read, all inside the range. */
  records: RawRecord[];
  /** Where reading this partition resumes (equal to the range's `to` once it is read). */
  next: number;
  /** Offsets [from, to) that retention (or a record deletion) removed before they were read. */
  lost?: { from: number; to: number };
  /** The partition's high watermark in this response. */
  highWatermark: number;
}

function step(range: OffsetRange, at: number, chunk: PartitionChunk): RangeStep {
  if (chunk.outOfRange) {
    const resume = Math.min(Math.max(chunk.logStartOffset, at), range.to);
    return { partition: range.partition, records: [], next: resume, lost: { from: at, to: resume }, highWatermark: chunk.highWatermark };
  }
  let records = chunk.records;
  const last = records[records.length - 1];
  if (last && last.offset >= range.to) records = records.filter((r) => r.offset < range.to);
  return { partition: range.partition, records, next: Math.min(Math.max(chunk.nextOffset, at), range.to), highWatermark: chunk.highWatermark };
}

/**
 * Reads offset ranges to their ends, one fetch response at a time, the next fetch already in flight while
 * the caller works on the last one. A partition leaves the positions once read to its `to`, or when its log
 * ends before `to` (then its last step's `next` says where). Memory: two fetch responses.
 */
export async function* readRanges(fetcher: PartitionFetcher, ranges: OffsetRange[], limits: FetchLimits, signal?: AbortSignal): AsyncGenerator<RangeStep[]> {
  const byPartition = new Map(ranges.map((r) => [r.partition, r]));
  const positions = new Map(ranges.filter((r) => r.from < r.to).map((r) => [r.partition, r.from]));
  let inflight: Promise<Map<number, PartitionChunk>> | null = positions.size ? fetcher.fetch(new Map(positions), limits, signal) : null;
  try {
    while (inflight) {
      const chunks = await inflight;
      inflight = null;
      if (signal?.aborted) throw cancelled();
      const steps: RangeStep[] = [];
      for (const [p, chunk] of chunks) {
        const s = step(byPartition.get(p)!, positions.get(p)!, chunk);
        steps.push(s);
        // The log may end before `to` (a range planned past the end): stop there. Under read_committed an
        // open transaction holds `next` below the high watermark, so the partition is polled until it ends.
        if (s.next >= byPartition.get(p)!.to || (s.records.length === 0 && !s.lost && s.next >= chunk.highWatermark)) positions.delete(p);
        else positions.set(p, s.next);
      }
      if (positions.size > 0) inflight = fetcher.fetch(new Map(positions), limits, signal);
      yield steps;
    }
  } finally {
    inflight?.catch(() => undefined);
  }
}
