import type { DlqRecord, DlqRecordPage } from '../../../shared/model/dlq';
import { PAGE_LIMITS, type PartitionFetcher } from '../kafka/partition-fetcher';
import { readRanges } from '../kafka/range-reader';
import type { RecordReaders } from '../messages/record-decoder';
import { headerView } from '../messages/record-view';
import type { ScanPlan } from '../messages/scan-plan';
import { parseErrorHeaders } from './error-headers';
import type { DlqSelector } from './selection';
import type { SourceStatuses } from './source-status';

export interface RecordsDeps {
  fetcher: PartitionFetcher;
  selector: DlqSelector;
  sources: SourceStatuses;
  /** Readers for a source topic's decoding (the DLQ's own for records that name none). */
  readersFor(sourceTopic: string | undefined): Promise<RecordReaders>;
  mappings: Parameters<typeof parseErrorHeaders>[1];
}

/**
 * One page of selected dead letters from `after` (or the plan's start): each with its full error (stack trace
 * included), its original key and value decoded as its source topic's records are, and whether the source
 * record is still there. `next` continues exactly after the last record returned.
 */
export async function readDlqPage(deps: RecordsDeps, plan: ScanPlan, after: Record<string, number> | undefined, limit: number, signal?: AbortSignal): Promise<DlqRecordPage> {
  const ranges = plan.ranges.map((r) => ({ ...r, from: Math.min(r.to, Math.max(r.from, after?.[String(r.partition)] ?? r.from)) }));
  const positions = new Map(ranges.map((r) => [r.partition, r.from]));
  const records: DlqRecord[] = [];
  let scanned = 0;
  let full = false;
  outer: for await (const steps of readRanges(deps.fetcher, ranges, PAGE_LIMITS, signal)) {
    for (const step of steps) {
      if (step.lost) plan.notes.push(`Partition ${step.partition}: offsets ${step.lost.from}…${step.lost.to - 1} were deleted by retention`);
      for (const r of step.records) {
        scanned++;
        positions.set(step.partition, r.offset + 1);
        const selected = await deps.selector.select(step.partition, r);
        if (!selected) continue;
        const error = parseErrorHeaders(r.headers, deps.mappings, true);
        const readers = await deps.readersFor(error.source?.topic);
        const [key, value, source] = await Promise.all([readers.key(r.key), readers.value(r.value), deps.sources.of(error)]);
        records.push({ partition: step.partition, offset: r.offset, timestamp: r.timestamp, groupId: selected.id, error, key, value, headers: r.headers.map(headerView), size: r.size, source });
        if (records.length >= limit) {
          full = true;
          break outer;
        }
      }
      positions.set(step.partition, step.next);
    }
  }
  // Read to the end unless the page filled up (before the last record of the selection).
  const done = !full || ranges.every((r) => positions.get(r.partition)! >= r.to);
  return { records, next: done ? null : Object.fromEntries([...positions].map(([p, o]) => [String(p), o])), scanned, notes: plan.notes };
}
