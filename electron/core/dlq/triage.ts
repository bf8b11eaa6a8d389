import type { DlqCause, DlqError, DlqGroup, DlqScanProgress, DlqTimeline, DlqTriage } from '../../../shared/model/dlq';
import type { PartitionWatermarks, ScanRange } from '../../../shared/model/messages';
import { SCAN_LIMITS, type PartitionFetcher } from '../kafka/partition-fetcher';
import { readRanges } from '../kafka/range-reader';
import type { RawRecord } from '../kafka/record-batch';
import type { ScanPlan } from '../messages/scan-plan';
import type { DlqSelector } from './selection';

const PROGRESS_EVERY_MS = 250;

/** Timestamps of one group's records (8 bytes each), for its timeline. */
class Times {
  private data = new Float64Array(64);
  length = 0;
  push(t: number) {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = t;
  }
  histogram(t: DlqTimeline): number[] {
    const out = new Array<number>(t.buckets).fill(0);
    for (let i = 0; i < this.length; i++) out[Math.min(t.buckets - 1, Math.floor((this.data[i]! - t.from) / t.bucketMs))]!++;
    return out;
  }
}

class GroupStats {
  count = 0;
  firstSeen = Infinity;
  lastSeen = -Infinity;
  readonly times = new Times();
  readonly sourcePartitions = new Set<number>();
  example: DlqGroup['example'] | null = null;

  constructor(
    readonly id: string,
    readonly cause: DlqCause,
    readonly convention: DlqError['convention'],
  ) {}

  add(partition: number, r: RawRecord, error: DlqError) {
    this.count++;
    if (r.timestamp < this.firstSeen) this.firstSeen = r.timestamp;
    if (r.timestamp > this.lastSeen) this.lastSeen = r.timestamp;
    this.times.push(r.timestamp);
    if (error.source?.partition !== undefined) this.sourcePartitions.add(error.source.partition);
    this.example ??= { partition, offset: r.offset, message: error.message ?? null };
  }

  group(timeline: DlqTimeline): DlqGroup {
    return {
      id: this.id,
      ...this.cause,
      convention: this.convention,
      count: this.count,
      firstSeen: this.firstSeen,
      lastSeen: this.lastSeen,
      timeline: this.times.histogram(timeline),
      example: this.example!,
      sourcePartitions: [...this.sourcePartitions].sort((a, b) => a - b),
    };
  }
}

function timelineOf(stats: GroupStats[], buckets: number): DlqTimeline {
  if (stats.length === 0) return { from: 0, to: 0, bucketMs: 1, buckets };
  const from = Math.min(...stats.map((s) => s.firstSeen));
  const to = Math.max(...stats.map((s) => s.lastSeen));
  return { from, to, bucketMs: Math.max(1, Math.ceil((to - from + 1) / buckets)), buckets };
}

export interface TriageInput {
  topic: string;
  fetcher: PartitionFetcher;
  plan: ScanPlan;
  watermarks: PartitionWatermarks[];
  range: ScanRange;
  buckets: number;
}

/**
 * Groups a dead-letter topic's records by cause over the planned offsets: counts, first/last seen and a
 * timeline per group. Only headers are read (values are never decoded; stack traces only searched for
 * their root cause).
 */
export async function triage(input: TriageInput, selector: DlqSelector, progress: (p: DlqScanProgress) => void, signal?: AbortSignal): Promise<DlqTriage> {
  const started = performance.now();
  const { plan } = input;
  const stats = new Map<string, GroupStats>();
  const total = plan.ranges.reduce((n, r) => n + (r.to - r.from), 0);
  const scannedTo = new Map(plan.ranges.map((r) => [r.partition, r.from]));
  let scanned = 0;
  let lastProgress = started;
  for await (const steps of readRanges(input.fetcher, plan.ranges, SCAN_LIMITS, signal)) {
    for (const step of steps) {
      if (step.lost) plan.notes.push(`Partition ${step.partition}: offsets ${step.lost.from}…${step.lost.to - 1} were deleted by retention during the scan`);
      for (const r of step.records) {
        scanned++;
        const selected = await selector.select(step.partition, r);
        if (!selected) continue;
        let g = stats.get(selected.id);
        if (!g) stats.set(selected.id, (g = new GroupStats(selected.id, selected.cause, selected.error.convention)));
        g.add(step.partition, r, selected.error);
      }
      scannedTo.set(step.partition, step.next);
    }
    const now = performance.now();
    if (now - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = now;
      progress({ scanned, total, elapsedMs: Math.round(now - started) });
    }
  }
  const all = [...stats.values()];
  const timeline = timelineOf(all, input.buckets);
  const groups = all.map((g) => g.group(timeline)).sort((a, b) => b.count - a.count || a.firstSeen - b.firstSeen);
  const unlabelled = groups.find((g) => g.convention === null);
  if (unlabelled) plan.notes.push(`${unlabelled.count} records carry no error headers of a known convention (Kafka Connect, Spring, or a saved mapping)`);
  for (const e of selector.filterErrors) plan.notes.push(`The filter failed on ${e.count} records: ${e.message}`);
  const elapsedMs = Math.round(performance.now() - started);
  progress({ scanned, total, elapsedMs });
  return {
    topic: input.topic,
    groups,
    timeline,
    scanned,
    total,
    ranges: plan.ranges.map((r) => ({ partition: r.partition, from: r.from, to: scannedTo.get(r.partition) ?? r.from })),
    watermarks: input.watermarks,
    notes: plan.notes,
    elapsedMs,
  };
}
