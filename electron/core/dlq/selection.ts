import { FloeError } from '../../../shared/errors';
import type { DlqCause, DlqError, DlqMapping, DlqSelection } from '../../../shared/model/dlq';
import type { PartitionWatermarks } from '../../../shared/model/messages';
import type { RawCluster } from '../kafka/kafkajs-cluster';
import type { RawRecord } from '../kafka/record-batch';
import type { PartitionLeader } from '../kafka/topic-partitions';
import { celFilter } from '../messages/filter-model';
import type { RecordReaders } from '../messages/record-decoder';
import { RecordMatcher } from '../messages/scan-matcher';
import { planScan, type ScanPlan } from '../messages/scan-plan';
import { CauseClassifier } from './cause';
import { parseErrorHeaders } from './error-headers';

export interface Classified {
  /** The error, without its stack trace. */
  error: DlqError;
  id: string;
  cause: DlqCause;
}

/**
 * The offsets a selection reads: its range (offsets or a time window, fixed at the current ends), narrowed to
 * the span of the named records when it names some.
 */
export async function planSelection(deps: { cluster: RawCluster; topic: string; leaders: PartitionLeader[] }, selection: DlqSelection, wms: PartitionWatermarks[]): Promise<ScanPlan> {
  const plan = await planScan(deps, selection.range, wms);
  if (!selection.records) return plan;
  const named = new Map<number, number[]>();
  for (const { partition, offset } of selection.records) {
    if (!wms.some((w) => w.partition === partition)) throw new FloeError('BAD_INPUT', `Topic "${deps.topic}" has no partition ${partition} (it has ${wms.length})`);
    named.set(partition, [...(named.get(partition) ?? []), offset]);
  }
  plan.ranges = plan.ranges.flatMap((r) => {
    const offsets = named.get(r.partition);
    if (!offsets) return [];
    const from = Math.max(r.from, Math.min(...offsets));
    const to = Math.min(r.to, Math.max(...offsets) + 1);
    return [{ partition: r.partition, from, to: Math.max(from, to) }];
  });
  return plan;
}

/**
 * Decides which dead letters a selection takes: causes, a CEL filter (decoding only what it reads), named
 * records, a time window. Every selected record comes back with its parsed error and cause id.
 */
export class DlqSelector {
  private readonly classifier = new CauseClassifier();
  private readonly groups: Set<string> | null;
  private readonly named: Set<string> | null;

  private constructor(
    selection: DlqSelection,
    private readonly readers: RecordReaders,
    private readonly mappings: readonly DlqMapping[],
    private readonly matcher: RecordMatcher | null,
    private readonly window: ScanPlan['window'],
  ) {
    this.groups = selection.groups ? new Set(selection.groups) : null;
    this.named = selection.records ? new Set(selection.records.map((r) => `${r.partition}:${r.offset}`)) : null;
  }

  static async create(selection: DlqSelection, readers: RecordReaders, mappings: readonly DlqMapping[], window?: ScanPlan['window']): Promise<DlqSelector> {
    const matcher = selection.filter ? await RecordMatcher.create(readers, { filter: (await celFilter()).compileFilter(selection.filter) }) : null;
    return new DlqSelector(selection, readers, mappings, matcher, window);
  }

  /** Filter evaluation failures (a missing field…), counted by message. */
  get filterErrors() {
    return this.matcher?.filterErrors.list('message') ?? [];
  }

  classify(r: RawRecord): Classified {
    const error = parseErrorHeaders(r.headers, this.mappings, false);
    return { error, ...this.classifier.classify(error) };
  }

  /** The window and named records: what rules a record out before its headers or bytes are read. */
  private outside(partition: number, r: RawRecord): boolean {
    const w = this.window;
    if (w && (r.timestamp < w.from || (w.to !== undefined && r.timestamp >= w.to))) return true;
    return this.named !== null && !this.named.has(`${partition}:${r.offset}`);
  }

  private async matches(m: RecordMatcher, partition: number, r: RawRecord): Promise<boolean> {
    if (!m.mayMatch(r)) return false;
    const key = m.needKey ? m.decoded(await this.readers.key(r.key)) : null;
    const value = m.needValue ? m.decoded(await m.readValue(r.value)) : null;
    return m.test(partition, r, key, value);
  }

  async select(partition: number, r: RawRecord): Promise<Classified | null> {
    if (this.outside(partition, r)) return null;
    const classified = this.classify(r);
    if (this.groups && !this.groups.has(classified.id)) return null;
    if (this.matcher && !(await this.matches(this.matcher, partition, r))) return null;
    return classified;
  }

  /** True when the selection takes every record of its ranges (no causes, filter, named records or window). */
  get takesAll(): boolean {
    return !this.window && !this.named && !this.groups && !this.matcher;
  }

  /** Whether the selection takes a record, as `select` says, but classifying it only when causes are asked for (a replay's hot path); synchronous unless a filter decodes. */
  takes(partition: number, r: RawRecord): boolean | Promise<boolean> {
    if (this.outside(partition, r)) return false;
    if (this.groups && !this.groups.has(this.classify(r).id)) return false;
    return this.matcher ? this.matches(this.matcher, partition, r) : true;
  }
}
