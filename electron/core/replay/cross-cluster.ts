// A replay to another cluster. No transaction spans two clusters, so records go to the target in the target's
// transactions and the position is committed afterwards on the source cluster; a stop between the two leaves
// records on the target whose position was not saved. A resume finds them by their provenance headers in what
// the job wrote to the target (each target partition read from where the job's saved state says its unsaved
// writes can start) and does not send them again.
import type { RawCluster } from '../kafka/kafkajs-cluster';
import { PAGE_LIMITS } from '../kafka/partition-fetcher';
import { readRanges } from '../kafka/range-reader';
import type { RawRecord } from '../kafka/record-batch';
import { LATEST, listOffsets, watermarks, type PartitionLeader } from '../kafka/topic-partitions';
import type { TopicSession } from '../messages/messages-service';
import { PROVENANCE } from './replay-records';
import type { StoredReplay, TargetTail } from './replay-store';

/** Where each target partition's records of this job may start that the saved position does not cover yet. */
const tailOf = (job: StoredReplay, topic: string, partition: number) => job.targetTail?.find((t) => t.topic === topic && t.partition === partition);

/**
 * Before a transaction writes to target partitions the job has not written to yet: their current ends, to save
 * (with the job) before anything is sent there. False when every partition is known already.
 */
export async function markNewTargets(cluster: RawCluster, leaders: (topic: string) => Promise<PartitionLeader[]>, job: StoredReplay, partitions: { topic: string; partition: number }[]): Promise<boolean> {
  const fresh = partitions.filter((p) => !tailOf(job, p.topic, p.partition));
  if (fresh.length === 0) return false;
  const tails: TargetTail[] = [...(job.targetTail ?? [])];
  for (const topic of new Set(fresh.map((p) => p.topic))) {
    const mine = fresh.filter((p) => p.topic === topic).map((p) => p.partition);
    const ends = await listOffsets(cluster, topic, await leaders(topic), new Map(mine.map((p) => [p, LATEST])));
    for (const partition of mine) tails.push({ topic, partition, from: ends.get(partition) ?? 0 });
  }
  job.targetTail = tails;
  return true;
}

/** After the position is committed: what was written is covered, so a resume reads only past it. */
export function advanceTails(job: StoredReplay, written: { topic: string; partition: number; first: number; count: number }[]): void {
  for (const w of written) {
    const t = tailOf(job, w.topic, w.partition);
    if (t) t.from = Math.max(t.from, w.first + w.count);
  }
}

const utf8 = new TextDecoder();

/** `partition:offset` of the source record a replayed record came from, when it carries this job's provenance. */
function provenanceOf(r: RawRecord, job: StoredReplay): string | null {
  let id: string | undefined;
  let topic: string | undefined;
  let partition: string | undefined;
  let offset: string | undefined;
  for (const h of r.headers) {
    if (h.value === null || !h.key.startsWith('floe.replay.')) continue;
    if (h.key === PROVENANCE.id) id = utf8.decode(h.value);
    else if (h.key === PROVENANCE.topic) topic = utf8.decode(h.value);
    else if (h.key === PROVENANCE.partition) partition = utf8.decode(h.value);
    else if (h.key === PROVENANCE.offset) offset = utf8.decode(h.value);
  }
  return id === job.id && topic === job.sourceTopic && partition !== undefined && offset !== undefined ? `${partition}:${offset}` : null;
}

export interface Delivered {
  /** Source records (`partition:offset`) already on the target. */
  records: Set<string>;
  /** Why some of the target's tail could not be checked: the records after it are at least once. */
  problems: string[];
}

/**
 * Reads (read_committed, after the target's producer was fenced so no transaction of this job is open) every
 * target partition the job wrote to, from its saved tail to its end, and collects this job's provenance.
 */
export async function deliveredOnTarget(open: (topic: string, partitions: number[]) => Promise<TopicSession>, job: StoredReplay, signal?: AbortSignal): Promise<Delivered> {
  const out: Delivered = { records: new Set(), problems: [] };
  const tails = job.targetTail ?? [];
  for (const topic of new Set(tails.map((t) => t.topic))) {
    const mine = tails.filter((t) => t.topic === topic);
    let s: TopicSession;
    try {
      s = await open(topic, mine.map((t) => t.partition));
    } catch (e) {
      out.problems.push(`${topic} on the target cannot be read (${(e as Error).message}): records sent there before the stop may be sent again`);
      continue;
    }
    const wms = await watermarks(s.cluster, topic, s.leaders, mine.map((t) => t.partition));
    const ranges = mine.map((t) => {
      const w = wms.find((x) => x.partition === t.partition)!;
      if (w.low > t.from) out.problems.push(`${topic}/${t.partition}: offsets ${t.from}…${w.low - 1} were deleted on the target before the resume could check them`);
      return { partition: t.partition, from: Math.max(t.from, w.low), to: w.high };
    });
    for await (const steps of readRanges(s.fetcher, ranges, { ...PAGE_LIMITS, readCommitted: true }, signal))
      for (const step of steps) {
        if (step.lost) out.problems.push(`${topic}/${step.partition}: offsets ${step.lost.from}…${step.lost.to - 1} were deleted on the target while the resume read them`);
        for (const r of step.records) {
          const key = provenanceOf(r, job);
          if (key) out.records.add(key);
        }
      }
  }
  return out;
}
