import type { Positions, RecordPage } from '../../../shared/model/messages';
import type { RawRecord } from '../kafka/record-batch';
import type { RecordReaders } from './record-decoder';
import { browseRecord, decodeParts, PAGE_PART_LIMIT } from './record-view';
import { PAGE_LIMITS, type PartitionFetcher } from '../kafka/partition-fetcher';
import type { ResolvedStart } from './start-resolver';
import type { PartitionWatermarks } from '../../../shared/model/messages';

interface Picked {
  partition: number;
  record: RawRecord;
}

const before = (a: Picked, b: Picked) => a.record.timestamp - b.record.timestamp || a.partition - b.partition || a.record.offset - b.record.offset;

/** Records of one partition in [from, to), at most the last `max` of them, fetching as often as it takes. */
async function readRange(fetcher: PartitionFetcher, partition: number, from: number, to: number, signal?: AbortSignal): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  let at = from;
  while (at < to) {
    const chunk = (await fetcher.fetch(new Map([[partition, at]]), PAGE_LIMITS, signal)).get(partition);
    if (!chunk || chunk.outOfRange || chunk.nextOffset <= at) break;
    for (const r of chunk.records) if (r.offset < to) out.push(r);
    at = chunk.nextOffset;
  }
  return out;
}

/**
 * Forward: a k-way merge by timestamp over the chosen partitions from their start offsets, fetching a
 * partition again only when its buffered records run out, so the page is exactly the `limit` earliest.
 */
async function forward(fetcher: PartitionFetcher, start: Map<number, number>, wms: Map<number, PartitionWatermarks>, limit: number, signal?: AbortSignal) {
  const buffers = new Map<number, RawRecord[]>();
  const fetchAt = new Map(start);
  const consumed = new Map(start);
  const picked: Picked[] = [];
  const done = (p: number) => fetchAt.get(p)! >= wms.get(p)!.high;
  let stalls = 0;
  while (picked.length < limit) {
    const lacking = [...fetchAt.keys()].filter((p) => (buffers.get(p)?.length ?? 0) === 0 && !done(p));
    if (lacking.length > 0) {
      const chunks = await fetcher.fetch(new Map(lacking.map((p) => [p, fetchAt.get(p)!])), PAGE_LIMITS, signal);
      let progressed = false;
      for (const [p, chunk] of chunks) {
        if (chunk.outOfRange) {
          fetchAt.set(p, wms.get(p)!.high);
          continue;
        }
        if (chunk.nextOffset <= fetchAt.get(p)!) continue; // the response filled up with other partitions
        progressed = true;
        fetchAt.set(p, chunk.nextOffset);
        buffers.set(p, [...(buffers.get(p) ?? []), ...chunk.records]);
        if (chunk.records.length === 0) consumed.set(p, chunk.nextOffset); // a compacted gap or markers
      }
      // The fetcher rotates partitions, so a stall lasting more rounds than partitions means no progress is possible.
      stalls = progressed ? 0 : stalls + 1;
      if (stalls > fetchAt.size + 2) for (const p of lacking) fetchAt.set(p, wms.get(p)!.high);
      continue;
    }
    let best: Picked | null = null;
    for (const [partition, buf] of buffers) {
      const head = buf[0];
      if (head && (!best || before({ partition, record: head }, best) < 0)) best = { partition, record: head };
    }
    if (!best) break;
    buffers.get(best.partition)!.shift();
    picked.push(best);
    consumed.set(best.partition, best.record.offset + 1);
  }
  // A partition whose buffered records were all taken and whose fetch reached further (gaps) moves on too.
  for (const [p, buf] of buffers) if (buf.length === 0 && fetchAt.get(p)! > consumed.get(p)! && picked.length < limit) consumed.set(p, fetchAt.get(p)!);
  return { picked, first: start, after: consumed };
}

/** Backward: the `limit` latest records before the positions (per partition at most `limit`, merged by timestamp). */
async function backward(fetcher: PartitionFetcher, end: Map<number, number>, wms: Map<number, PartitionWatermarks>, limit: number, signal?: AbortSignal) {
  const all: Picked[] = [];
  await Promise.all(
    [...end].map(async ([partition, to]) => {
      const low = wms.get(partition)!.low;
      let window = limit;
      let records: RawRecord[] = [];
      for (let round = 0; round < 4; round++) {
        const from = Math.max(low, to - window);
        records = await readRange(fetcher, partition, from, to, signal);
        if (records.length >= limit || from === low) break;
        window *= 4; // compaction gaps: look further back
      }
      for (const record of records.slice(-limit)) all.push({ partition, record });
    }),
  );
  all.sort(before);
  const picked = all.slice(-limit);
  const first = new Map(end);
  for (const { partition, record } of picked) if (record.offset < first.get(partition)!) first.set(partition, record.offset);
  return { picked, first, after: end };
}

const asPositions = (m: Map<number, number>): Positions => Object.fromEntries([...m].map(([p, o]) => [String(p), o]));

export async function readPage(
  fetcher: PartitionFetcher,
  readers: RecordReaders,
  start: ResolvedStart,
  watermarks: PartitionWatermarks[],
  limit: number,
  startedAt: number,
  signal?: AbortSignal,
): Promise<RecordPage> {
  const wms = new Map(watermarks.map((w) => [w.partition, w]));
  const { picked, first, after } = start.direction === 'forward' ? await forward(fetcher, start.positions, wms, limit, signal) : await backward(fetcher, start.positions, wms, limit, signal);
  const records = await Promise.all(
    picked.map(async ({ partition, record }) => {
      const { key, value, truncated } = await decodeParts(record, readers, PAGE_PART_LIMIT);
      return browseRecord(partition, record, key, value, truncated);
    }),
  );
  const atEnd = [...after].every(([p, o]) => o >= wms.get(p)!.high);
  const atStart = [...first].every(([p, o]) => o <= wms.get(p)!.low);
  return {
    records,
    next: atEnd ? null : asPositions(after),
    prev: atStart ? null : asPositions(first),
    watermarks,
    notes: start.notes,
    fetchedInMs: Math.round(performance.now() - startedAt),
  };
}
