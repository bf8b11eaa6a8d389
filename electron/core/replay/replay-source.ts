import { FloeError } from '../../../shared/errors';
import type { DlqMapping } from '../../../shared/model/dlq';
import type { ReplayRange, ReplaySource } from '../../../shared/model/replay';
import type { RawRecord } from '../kafka/record-batch';
import { watermarks } from '../kafka/topic-partitions';
import type { TopicSession } from '../messages/messages-service';
import { planScan } from '../messages/scan-plan';
import { DlqSelector, planSelection } from '../dlq/selection';

/**
 * Which records of the source a replay takes; the same answer on every resume (the log does not change). A
 * promise only when it must decode. `takesAll`: every record of the ranges, so none needs reading to decide.
 */
export type RecordSelector = ((partition: number, r: RawRecord) => boolean | Promise<boolean>) & { takesAll?: boolean };

function windowOf(range: { kind: string; from?: unknown; to?: unknown }): { from: number; to?: number } | undefined {
  if (range.kind !== 'time') return undefined;
  return { from: range.from as number, ...(range.to !== undefined ? { to: range.to as number } : {}) };
}

/** The source's offset ranges, fixed now (a busy topic still has an end), and the notes planning made. */
export async function planSource(s: TopicSession, source: ReplaySource): Promise<{ ranges: ReplayRange[]; notes: string[] }> {
  if (source.kind === 'dlq') {
    const partitions = source.selection.partitions ?? s.partitions;
    const wms = await watermarks(s.cluster, source.topic, s.leaders, partitions);
    const plan = await planSelection({ cluster: s.cluster, topic: source.topic, leaders: s.leaders }, source.selection, wms);
    return { ranges: plan.ranges.filter((r) => r.to > r.from), notes: plan.notes };
  }
  if (!s.leaders.some((l) => l.partition === source.partition))
    throw new FloeError('BAD_INPUT', `Topic "${source.topic}" has no partition ${source.partition} (it has ${s.leaders.length})`);
  const wms = await watermarks(s.cluster, source.topic, s.leaders, [source.partition]);
  const plan = await planScan({ cluster: s.cluster, topic: source.topic, leaders: s.leaders }, source.range, wms);
  return { ranges: plan.ranges.filter((r) => r.to > r.from), notes: plan.notes };
}

/** Decides per record whether the replay takes it: the DLQ selection (causes, filter, named records, window), or a partition's time window. */
export async function sourceSelector(s: TopicSession, source: ReplaySource, mappings: readonly DlqMapping[]): Promise<RecordSelector> {
  if (source.kind === 'dlq') {
    const selector = await DlqSelector.create(source.selection, s.readers, mappings, windowOf(source.selection.range));
    return Object.assign((partition: number, r: RawRecord) => selector.takes(partition, r), { takesAll: selector.takesAll });
  }
  const w = windowOf(source.range);
  return Object.assign((_partition: number, r: RawRecord) => !w || (r.timestamp >= w.from && (w.to === undefined || r.timestamp < w.to)), { takesAll: !w });
}
