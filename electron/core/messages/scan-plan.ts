import { FloeError } from '../../../shared/errors';
import type { PartitionWatermarks, ScanRange } from '../../../shared/model/messages';
import type { RawCluster } from '../kafka/kafkajs-cluster';
import { listOffsets, type PartitionLeader } from '../kafka/topic-partitions';

export interface PlannedRange {
  partition: number;
  /** [from, to): offsets; fixed when the scan starts, so a busy topic still has an end. */
  from: number;
  to: number;
}

export interface ScanPlan {
  ranges: PlannedRange[];
  /** Time window: records outside it are skipped (timestamps need not grow with offsets). */
  window?: { from: number; to?: number };
  notes: string[];
}

export async function planScan(
  deps: { cluster: RawCluster; topic: string; leaders: PartitionLeader[] },
  range: ScanRange,
  wms: PartitionWatermarks[],
): Promise<ScanPlan> {
  const notes: string[] = [];
  const clampTo = (wm: PartitionWatermarks, o: number) => Math.min(Math.max(o, wm.low), wm.high);
  if (range.kind === 'all') return { ranges: wms.map((wm) => ({ partition: wm.partition, from: wm.low, to: wm.high })), notes };
  if (range.kind === 'offsets') {
    const ranges = wms.map((wm) => {
      const key = String(wm.partition);
      const from = range.from?.[key] ?? wm.low;
      const to = range.to?.[key] ?? wm.high;
      if (from < wm.low) notes.push(`Partition ${wm.partition}: offsets below ${wm.low} are no longer retained; scanning from ${wm.low}`);
      if (to > wm.high) notes.push(`Partition ${wm.partition}: the end offset ${to} is past the current end ${wm.high}; scanning to ${wm.high}`);
      return { partition: wm.partition, from: clampTo(wm, from), to: Math.max(clampTo(wm, from), clampTo(wm, to)) };
    });
    return { ranges, notes };
  }
  if (range.to !== undefined && range.to <= range.from) throw new FloeError('BAD_INPUT', 'The time window ends before it starts');
  const at = (ts: number) => listOffsets(deps.cluster, deps.topic, deps.leaders, new Map(wms.map((wm) => [wm.partition, ts])));
  const [starts, ends] = await Promise.all([at(range.from), range.to === undefined ? Promise.resolve(null) : at(range.to)]);
  const ranges = wms.map((wm) => {
    const s = starts.get(wm.partition) ?? -1;
    const e = ends ? (ends.get(wm.partition) ?? -1) : wm.high;
    const from = s < 0 ? wm.high : clampTo(wm, s);
    const to = e < 0 ? wm.high : clampTo(wm, e);
    return { partition: wm.partition, from, to: Math.max(from, to) };
  });
  notes.push('The time window was turned into offsets with ListOffsets; records inside those offsets whose timestamps fall outside the window are skipped');
  return { ranges, window: { from: range.from, ...(range.to !== undefined ? { to: range.to } : {}) }, notes };
}
