import { cancelled } from '../../../shared/errors';
import type { FetchLimits, PartitionChunk, PartitionFetcher, RawChunk } from './partition-fetcher';
import type { RawRecord } from './record-batch';

/** Offsets [from, to) of one partition. */
export interface OffsetRange {
  partition: number;
  from: number;
  to: number;
}

/** What one fetch brought of one partition. */
interface StepBase {
  partition: number;
  /** Where reading this partition resumes (equal to the range's `to` once it is read). */
  next: number;
  /** Offsets [from, to) that retention (or a record deletion) removed before they were read. */
  lost?: { from: number; to: number };
  /** The partition's high watermark in this response. */
  highWatermark: number;
}

export interface RangeStep extends StepBase {
  /** The records read, all inside the range. */
  records: RawRecord[];
}

/** A step whose batches are left unread: the records at or after `from` and below `to` are the range's. */
export interface RawRangeStep extends StepBase {
  chunk: RawChunk | null;
  from: number;
  to: number;
}

type ChunkBase = Pick<PartitionChunk, 'nextOffset' | 'highWatermark' | 'logStartOffset' | 'outOfRange'>;

function stepBase(range: OffsetRange, at: number, chunk: ChunkBase): StepBase {
  if (chunk.outOfRange) {
    const resume = Math.min(Math.max(chunk.logStartOffset, at), range.to);
    return { partition: range.partition, next: resume, lost: { from: at, to: resume }, highWatermark: chunk.highWatermark };
  }
  return { partition: range.partition, next: Math.min(Math.max(chunk.nextOffset, at), range.to), highWatermark: chunk.highWatermark };
}

/**
 * The fetch loop both readers share: the next fetch already in flight while the caller works on the last
 * response. A partition leaves the positions once read to its `to`, or when its log ends before `to`.
 */
async function* rangeSteps<C extends ChunkBase, S extends StepBase>(
  fetch: (positions: Map<number, number>) => Promise<Map<number, C>>,
  ranges: OffsetRange[],
  toStep: (range: OffsetRange, at: number, chunk: C) => S & { empty: boolean },
  signal?: AbortSignal,
): AsyncGenerator<S[]> {
  const byPartition = new Map(ranges.map((r) => [r.partition, r]));
  const positions = new Map(ranges.filter((r) => r.from < r.to).map((r) => [r.partition, r.from]));
  let inflight: Promise<Map<number, C>> | null = positions.size ? fetch(new Map(positions)) : null;
  try {
    while (inflight) {
      const chunks = await inflight;
      inflight = null;
      if (signal?.aborted) throw cancelled();
      const steps: S[] = [];
      for (const [p, chunk] of chunks) {
        const { empty, ...s } = toStep(byPartition.get(p)!, positions.get(p)!, chunk);
        steps.push(s as unknown as S);
        // The log may end before `to` (a range planned past the end): stop there. Under read_committed an
        // open transaction holds `next` below the high watermark, so the partition is polled until it ends.
        if (s.next >= byPartition.get(p)!.to || (empty && !s.lost && s.next >= chunk.highWatermark)) positions.delete(p);
        else positions.set(p, s.next);
      }
      if (positions.size > 0) inflight = fetch(new Map(positions));
      yield steps;
    }
  } finally {
    inflight?.catch(() => undefined);
  }
}

/** Reads offset ranges to their ends, one fetch response at a time. Memory: two fetch responses. */
export function readRanges(fetcher: PartitionFetcher, ranges: OffsetRange[], limits: FetchLimits, signal?: AbortSignal): AsyncGenerator<RangeStep[]> {
  return rangeSteps(
    (positions) => fetcher.fetch(positions, limits, signal),
    ranges,
    (range, at, chunk) => {
      let records = chunk.outOfRange ? [] : chunk.records;
      const last = records[records.length - 1];
      if (last && last.offset >= range.to) records = records.filter((r) => r.offset < range.to);
      return { ...stepBase(range, at, chunk), records, empty: records.length === 0 };
    },
    signal,
  );
}

/** The same, with each partition's batches left unread (a replay copies records from them without reading them into objects). */
export function readRawRanges(fetcher: PartitionFetcher, ranges: OffsetRange[], limits: FetchLimits, signal?: AbortSignal): AsyncGenerator<RawRangeStep[]> {
  return rangeSteps(
    (positions) => fetcher.fetchRaw(positions, limits, signal),
    ranges,
    (range, at, chunk) => ({ ...stepBase(range, at, chunk), chunk: chunk.outOfRange ? null : chunk, from: at, to: range.to, empty: chunk.outOfRange === true || chunk.nextOffset <= at }),
    signal,
  );
}
