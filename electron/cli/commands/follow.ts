import type { BrowseRecord, Positions, TailSummary } from '../../../shared/model/messages';
import { isUndecodable } from '../../../shared/model/record';
import { celFilter, type CompiledFilter } from '../../core/messages/filter-model';
import { partText } from '../../core/messages/record-view';
import { ReasonCounter } from '../../core/messages/scan-matcher';
import type { CoreSession } from '../context';
import type { Io } from '../output';

export interface FollowOptions {
  profileId: string;
  topic: string;
  partitions?: number[];
  /** Where to continue; the current end of every partition when absent. */
  from?: Positions;
  filter?: string;
  grep?: string;
  /** Only records with a part that could not be decoded or fell back. */
  undecodable?: boolean;
  /** Stop after printing this many records. */
  limit: number;
  print(record: BrowseRecord): void;
}

/** The live tail's records through the same CEL filter and text search a scan applies (on the decoded values the tail sends). */
function recordTest(compiled: CompiledFilter | undefined, grep: string | undefined, undecodable: boolean, io: Io): (r: BrowseRecord) => boolean {
  const needle = grep?.toLowerCase();
  return (r) => {
    if (undecodable && !isUndecodable(r)) return false;
    if (needle) {
      const texts = [partText(r.key), partText(r.value), ...r.headers.map((h) => `${h.key}\u0000${h.value ?? h.hex ?? ''}`)];
      if (!texts.some((t) => t.toLowerCase().includes(needle))) return false;
    }
    if (!compiled) return true;
    const answer = compiled.evaluate({
      key: r.key.value ?? null,
      value: r.value.value ?? null,
      headers: Object.fromEntries(r.headers.map((h) => [h.key, h.value ?? h.hex ?? null])),
      partition: r.partition,
      offset: r.offset,
      timestamp: new Date(r.timestamp),
      size: r.size,
    });
    if (typeof answer === 'boolean') return answer;
    io.err(`filter failed on ${r.partition}/${r.offset}: ${answer}`);
    return false;
  };
}

/**
 * Prints new records as they arrive until Ctrl+C (SIGINT) or `limit`, then the tail's own summary: how many
 * arrived and, per partition, where a later --from can continue (records cut by the limit are not skipped).
 */
export async function follow(core: CoreSession, options: FollowOptions, io: Io): Promise<TailSummary> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const compiled = options.filter ? (await celFilter()).compileFilter(options.filter) : undefined;
  const test = recordTest(compiled, options.grep, options.undecodable ?? false, io);
  // What could not be decoded, or what auto read as a plainer format, among the records that arrived (as a scan's summary).
  const undecodable = new ReasonCounter();
  const fellBack = new ReasonCounter();
  let printed = 0;
  // Records that arrived after --limit was reached: the reported next offsets go back to the first of them.
  const cut = new Map<number, number>();
  try {
    io.err(`following ${options.topic} (Ctrl+C to stop)`);
    const summary = await core.client.stream(
      'messages.tail',
      { profileId: options.profileId, topic: options.topic, partitions: options.partitions, from: options.from },
      (event) => {
        if (event.kind === 'notice') return io.err(`note: ${event.message}`);
        for (const r of event.records) {
          if (printed >= options.limit) {
            cut.set(r.partition, Math.min(cut.get(r.partition) ?? r.offset, r.offset));
            continue;
          }
          for (const part of [r.key, r.value]) {
            if (part.error) undecodable.add(part.error);
            else if (part.fallback) fellBack.add(part.fallback);
          }
          if (!test(r)) continue;
          options.print(r);
          if (++printed >= options.limit) controller.abort();
        }
        return io.drained?.();
      },
      { signal: controller.signal, resultOnCancel: true },
    );
    const positions = Object.fromEntries(Object.entries(summary.positions).map(([p, o]) => [p, Math.min(o, cut.get(Number(p)) ?? o)]));
    const at = Object.entries(positions).map(([p, o]) => `${p}:${o}`).join(' ');
    io.err(`followed: ${summary.received} new records arrived, ${printed} printed; next offsets ${at}`);
    for (const e of undecodable.list('reason')) io.err(`undecodable (${e.count}): ${e.reason}`);
    for (const e of fellBack.list('reason')) io.err(`auto fell back (${e.count}): ${e.reason}`);
    return { ...summary, positions };
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
