import { cancelled, FloeError } from '../../../shared/errors';
import type { ReplayRange } from '../../../shared/model/replay';
import type { RawCluster } from '../kafka/kafkajs-cluster';
import { fetchCommittedOffsets, UNSTABLE_OFFSET_COMMIT } from '../kafka/offset-fetch';
import type { FetchLimits, PartitionFetcher } from '../kafka/partition-fetcher';
import { readRanges, readRawRanges, type RangeStep } from '../kafka/range-reader';
import type { RawRecord } from '../kafka/record-batch';
import { topicPartitions, type PartitionLeader } from '../kafka/topic-partitions';
import { TRANSACTION_TIMEOUT_MS, TransactionalProducer } from '../kafka/transactional-producer';
import { sleep } from '../util/sleep';
import { advanceTails, markNewTargets, type Delivered } from './cross-cluster';
import { RatePace } from './rate-pace';
import { RecordCopier } from './record-copier';
import { ReplayBatches, type ReplayBatch } from './replay-batches';
import { outgoing, targetOf, targetPartition, type ReplayContext } from './replay-records';
import type { RecordSelector } from './replay-source';
import type { StoredReplay } from './replay-store';

/** Fetches of at most 2 MiB (the next one in flight while one is encoded). */
const REPLAY_LIMITS: FetchLimits = { readCommitted: true, maxWaitMs: 100, partitionMaxBytes: 512 << 10, maxBytes: 2 << 20 };
/** A transaction sends what several fetches read: up to about this many bytes, or what a second brought. */
const TXN_MAX_BYTES = 8 << 20;
const TXN_MAX_MS = 1000;

export interface RunDeps {
  cluster: RawCluster;
  fetcher: PartitionFetcher;
  select: RecordSelector;
  ctx: Omit<ReplayContext, 'targets'>;
  /** Saves the job after every commit (and when it stops). */
  save(job: StoredReplay): void;
  signal?: AbortSignal;
  /** Asked after each commit: true stops the job (a cancel asked by another process). */
  stopRequested?(): boolean;
  /** Tests: runs after a transaction's records are sent, before it commits. */
  beforeCommit?(job: StoredReplay): Promise<void>;
  /** Tests: a smaller transaction than TXN_MAX_BYTES (1: one fetch each), so a short replay commits several. */
  txnMaxBytes?: number;
  /**
   * A target on another cluster: records go there in its transactions, the position is committed after each on
   * the source cluster, and `delivered` (read once the target's producer has fenced the last run's) names the
   * records already there. `beforeCommit` then runs between the target's commit and the position's.
   */
  cross?: { target: RawCluster; delivered(job: StoredReplay): Promise<Delivered> };
}

/** What a partition's committed offset carries in its metadata: records sent and skipped up to it. */
interface Tally {
  sent: number;
  skipped: number;
}

function tallyOf(metadata: string | null): Tally {
  try {
    const t = JSON.parse(metadata ?? '') as Partial<Tally>;
    return { sent: Number(t.sent) || 0, skipped: Number(t.skipped) || 0 };
  } catch {
    return { sent: 0, skipped: 0 };
  }
}

/**
 * How long a resume waits for a transaction in doubt on its group: one its fencing did not end (seen once, after a
 * broker restart under a running replay) stays open until the broker aborts it at the transaction timeout, found by a
 * check every 10 s.
 */
const IN_DOUBT_WAIT_MS = TRANSACTION_TIMEOUT_MS + 20_000;

/**
 * The job's position: the offsets committed (stable: after any transaction in doubt is finished) for its group.
 * While a transaction is in doubt it asks again, as KIP-447 says a client should, saying so through `waiting`.
 */
async function committedPositions(cluster: RawCluster, job: StoredReplay, waiting: (message: string) => void, deps: Pick<RunDeps, 'signal' | 'stopRequested'>): Promise<Map<number, { offset: number; tally: Tally }>> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const coordinator = await cluster.findGroupCoordinator({ groupId: job.groupId });
    const r = await fetchCommittedOffsets(coordinator, job.groupId, job.sourceTopic, job.ranges.map((x) => x.partition));
    const unstable = r.errorCode === UNSTABLE_OFFSET_COMMIT || r.partitions.some((p) => p.errorCode === UNSTABLE_OFFSET_COMMIT);
    const failed = r.errorCode || r.partitions.find((p) => p.errorCode && p.errorCode !== UNSTABLE_OFFSET_COMMIT)?.errorCode;
    if (!unstable && !failed) return new Map(r.partitions.map((p) => [p.partition, { offset: p.offset, tally: tallyOf(p.metadata) }]));
    const waited = Date.now() - started;
    if (failed ? attempt >= 50 || ![14, 15, 16].includes(failed) : waited >= IN_DOUBT_WAIT_MS)
      throw new FloeError('REMOTE_ERROR', `The replay's position (group ${job.groupId}) cannot be read: ${failed ? `Kafka error ${failed}` : `a transaction stays in doubt after ${Math.round(waited / 1000)} s`}`);
    if (unstable && attempt % 20 === 10) waiting(`Waiting for a transaction in doubt on group ${job.groupId} to finish (the broker ends an open one at its producer's transaction timeout: ${TRANSACTION_TIMEOUT_MS / 1000} s for Floe's)`);
    if (deps.stopRequested?.()) throw cancelled();
    await sleep(unstable ? 250 : 100, deps.signal);
  }
}

export class Targets {
  private readonly leaders = new Map<string, Promise<PartitionLeader[]>>();
  constructor(private readonly cluster: RawCluster) {}
  of(topic: string): Promise<PartitionLeader[]> {
    let l = this.leaders.get(topic);
    if (!l) this.leaders.set(topic, (l = topicPartitions(this.cluster, topic)));
    l.catch(() => this.leaders.delete(topic));
    return l;
  }
  async partitions(topic: string): Promise<number> {
    return (await this.of(topic)).length;
  }
  async leader(topic: string, partition: number) {
    const nodeId = (await this.of(topic)).find((l) => l.partition === partition)?.leader ?? -1;
    if (nodeId < 0) throw new FloeError('UNREACHABLE', `Partition ${partition} of "${topic}" has no leader right now`);
    return this.cluster.findBroker({ nodeId });
  }
}

/**
 * Runs (or resumes) a replay: Kafka's consume-transform-produce. Each transaction sends the records of one
 * fetch and commits, for the job's own group, the source offsets that follow them (with the running counts);
 * a restart fences the previous producer, reads the committed offsets stably and goes on from there. So a
 * read_committed reader of the targets sees every selected record once, however often the job stops.
 */
export async function runReplay(job: StoredReplay, deps: RunDeps): Promise<StoredReplay> {
  const started = performance.now();
  const cross = deps.cross;
  const producer = new TransactionalProducer(cross?.target ?? deps.cluster, job.transactionalId);
  await producer.init();
  // Another cluster: the position is committed on the source, in transactions of their own (fenced like the records').
  const positionWriter = cross ? new TransactionalProducer(deps.cluster, job.transactionalId) : producer;
  if (cross) await positionWriter.init();
  const committed = await committedPositions(deps.cluster, job, (message) => deps.save({ ...job, message }), deps);
  const delivered = cross ? await cross.delivered(job) : null;
  for (const problem of delivered?.problems ?? []) job.report.errors.push({ at: new Date().toISOString(), message: `at least once from here: ${problem}` });
  const positions = new Map<number, { offset: number; tally: Tally }>();
  for (const r of job.ranges) {
    const c = committed.get(r.partition);
    const offset = c && c.offset >= 0 ? Math.min(r.to, Math.max(r.from, c.offset)) : r.from;
    positions.set(r.partition, { offset, tally: c && c.offset >= 0 ? c.tally : { sent: 0, skipped: 0 } });
  }
  const total = job.ranges.reduce((n, r) => n + r.to - r.from, 0);
  const sum = (f: (p: { offset: number; tally: Tally }, r: ReplayRange) => number) => job.ranges.reduce((n, r) => n + f(positions.get(r.partition)!, r), 0);
  const readAtStart = sum((p, r) => p.offset - r.from);
  const progress = () => {
    const read = sum((p, r) => p.offset - r.from);
    const secs = (performance.now() - started) / 1000;
    const rate = secs > 0 ? (read - readAtStart) / secs : 0;
    return { read, total, sent: sum((p) => p.tally.sent), skipped: sum((p) => p.tally.skipped), recordsPerSec: Math.round(rate), etaMs: rate > 0 ? Math.round(((total - read) / rate) * 1000) : null };
  };
  job = { ...job, status: 'running', message: undefined, owner: { pid: process.pid }, progress: progress() };
  deps.save(job);

  const targets = new Targets(cross?.target ?? deps.cluster);
  const ctx: ReplayContext = { ...deps.ctx, targets };
  const remaining = job.ranges.map((r) => ({ ...r, from: positions.get(r.partition)!.offset })).filter((r) => r.from < r.to);
  const rate = job.spec.rate;
  // Under a rate limit a transaction holds about a fifth of a second's records, so progress (and a stop) is smooth.
  const perTxn = rate ? Math.max(1, Math.ceil(rate / 5)) : Infinity;
  const edited = Object.keys(ctx.edits).length > 0;
  /** Partition counts of the target topics, known for the job's run (a topic's count is read once). */
  const counts = new Map<string, number>();
  const pace = rate ? new RatePace(rate) : null;
  /** Records read and encoded, not yet sent: they go out, with the offsets after them, in one transaction. */
  let txn: { out: ReplayBatches; next: Map<number, { offset: number; tally: Tally }>; since: number } | null = null;
  const commit = async (t: NonNullable<typeof txn>) => {
    if (deps.signal?.aborted) throw cancelled();
    const batches = t.out.targets();
    // Another cluster: a partition's end is saved before the job first writes there, so a resume knows where to look.
    if (cross && (await markNewTargets(cross.target, (topic) => targets.of(topic), job, batches))) deps.save(job);
    const offsets = new Map([...t.next].map(([p, v]) => [p, { offset: v.offset, metadata: JSON.stringify(v.tally) }]));
    let written: Written[];
    producer.begin();
    try {
      written = await sendAll(producer, targets, batches);
      if (!cross) await producer.sendOffsets(job.groupId, job.sourceTopic, offsets);
      if (!cross) await deps.beforeCommit?.(job);
      await producer.commit();
    } catch (e) {
      await producer.abort().catch(() => undefined);
      throw e;
    } finally {
      t.out.release();
    }
    if (cross) {
      await deps.beforeCommit?.(job);
      positionWriter.begin();
      try {
        await positionWriter.sendOffsets(job.groupId, job.sourceTopic, offsets);
        await positionWriter.commit();
      } catch (e) {
        await positionWriter.abort().catch(() => undefined);
        throw e;
      }
      advanceTails(job, written);
    }
    for (const w of written) addSpan(job, w);
    for (const [p, v] of t.next) positions.set(p, v);
    job = { ...job, progress: progress() };
    deps.save(job);
    if (deps.stopRequested?.()) throw cancelled();
    await pace?.after(t.out.records, deps.signal);
  };
  /** Positions after the transactions closed so far (committed or committing): where the next one's tallies go on from. */
  const taken = new Map(positions);
  let committing: Promise<void> | null = null;
  const open = () => (txn ??= { out: new ReplayBatches(ctx), next: new Map(), since: performance.now() });
  const tallyOf = (t: NonNullable<typeof txn>, partition: number) => ({ ...(t.next.get(partition) ?? taken.get(partition)!).tally });
  /** Closes the transaction when it is due; the next one's records are read and encoded while it commits (one at a time). */
  const closeIfDue = async (t: NonNullable<typeof txn>) => {
    // Several fetches go into one transaction (fewer round trips per record), bounded by bytes and by time.
    if (!rate && t.out.bytes < (deps.txnMaxBytes ?? TXN_MAX_BYTES) && performance.now() - t.since < TXN_MAX_MS) return;
    txn = null;
    for (const [p, v] of t.next) taken.set(p, v);
    await committing;
    committing = commit(t);
    committing.catch(() => undefined);
  };
  const alreadyThere = () => void (job.report.alreadyThere = (job.report.alreadyThere ?? 0) + 1);
  try {
    if (deps.select.takesAll && !rate && !edited) {
      // Every record of the ranges, unedited: copied from the fetched bytes, no object per record.
      const copier = new RecordCopier(ctx, counts, delivered?.records ?? null);
      for await (const steps of readRawRanges(deps.fetcher, remaining, REPLAY_LIMITS, deps.signal)) {
        const t = open();
        for (const step of steps) {
          if (step.lost) job.report.lost.push({ partition: step.partition, from: step.lost.from, to: step.lost.to });
          const tally = tallyOf(t, step.partition);
          await copier.copy(step, t.out, tally, alreadyThere);
          t.next.set(step.partition, { offset: step.next, tally });
        }
        await closeIfDue(t);
      }
    } else {
      for await (const steps of readRanges(deps.fetcher, remaining, REPLAY_LIMITS, deps.signal)) {
        for (const step of steps) if (step.lost) job.report.lost.push({ partition: step.partition, from: step.lost.from, to: step.lost.to });
        for (const units of transactionsOf(steps, perTxn)) {
          const t = open();
          for (const unit of units) {
            const tally = tallyOf(t, unit.partition);
            for (const r of unit.records) {
              const take = deps.select(unit.partition, r);
              if (!(typeof take === 'boolean' ? take : await take)) {
                tally.skipped++;
                continue;
              }
              if (delivered?.records.has(`${unit.partition}:${r.offset}`)) {
                // Sent before the last stop, its position not committed: it is on the target already.
                tally.sent++;
                alreadyThere();
                continue;
              }
              if (edited && ctx.edits[`${unit.partition}:${r.offset}`]) {
                const o = await outgoing(ctx, unit.partition, r);
                t.out.addRecord(o.topic, o.partition, { partition: unit.partition, offset: r.offset }, o.record);
              } else {
                const { topic, original } = targetOf(ctx, unit.partition, r);
                const count = counts.get(topic) ?? (await targets.partitions(topic));
                counts.set(topic, count);
                t.out.add(topic, targetPartition(ctx, topic, original, count, r.key), unit.partition, r);
              }
              tally.sent++;
            }
            t.next.set(unit.partition, { offset: unit.next, tally });
          }
          await closeIfDue(t);
        }
      }
    }
    if (txn) {
      await committing;
      committing = commit(txn);
    }
    await committing;
  } finally {
    // A failure elsewhere waits for the transaction in flight to finish (committed or aborted) before the job stops.
    await committing?.catch(() => undefined);
  }
  const unfinished = job.ranges.filter((r) => positions.get(r.partition)!.offset < r.to);
  job = { ...job, progress: progress(), owner: undefined };
  if (unfinished.length > 0) {
    // The log ended before the planned end (records deleted at the tail): nothing more will come.
    job.report.errors.push({ at: new Date().toISOString(), message: `Partitions ${unfinished.map((r) => r.partition).join(', ')} ended before their planned end` });
  }
  const once = !cross ? 'exactly once' : job.report.errors.some((e) => e.message.startsWith('at least once')) ? 'at least once (see its errors)' : 'effectively once (another cluster)';
  job = { ...job, status: 'done', message: `Sent ${job.progress.sent} records ${once}` };
  deps.save(job);
  return job;
}

interface Unit {
  partition: number;
  records: RawRecord[];
  /** The source offset after this unit: the next record's, or the fetch's next position after its last. */
  next: number;
}

/** One fetch's records as transactions: all in one, or (under a rate limit) at most `perTxn` records each. */
function transactionsOf(steps: RangeStep[], perTxn: number): Unit[][] {
  if (perTxn === Infinity) return [steps.map((s) => ({ partition: s.partition, records: s.records, next: s.next }))];
  const out: Unit[][] = [];
  for (const s of steps) {
    if (s.records.length === 0) out.push([{ partition: s.partition, records: [], next: s.next }]);
    for (let i = 0; i < s.records.length; i += perTxn) {
      const records = s.records.slice(i, i + perTxn);
      out.push([{ partition: s.partition, records, next: i + perTxn >= s.records.length ? s.next : records[records.length - 1]!.offset + 1 }]);
    }
  }
  return out;
}

interface Written {
  topic: string;
  partition: number;
  first: number;
  count: number;
}

/** Sends each target partition's batches in order to its leader; the partitions at once (added to the transaction in one request). */
async function sendAll(producer: TransactionalProducer, targets: Targets, out: { topic: string; partition: number; batches: ReplayBatch[] }[]): Promise<Written[]> {
  await producer.addPartitions(out);
  const perPartition = await Promise.all(
    out.map(async ({ topic, partition, batches }) => {
      const broker = await targets.leader(topic, partition);
      const written: Written[] = [];
      for (const batch of batches) {
        try {
          const base = await producer.send(broker, topic, partition, batch.records);
          written.push({ topic, partition, first: base, count: batch.records.count });
        } catch (e) {
          if (e instanceof FloeError && e.code === 'BAD_INPUT' && batch.records.count === 1) {
            const s = batch.source;
            throw new FloeError('BAD_INPUT', `Record ${s.partition}:${s.offset}: ${e.message}`, e.detail);
          }
          throw e;
        }
      }
      return written;
    }),
  );
  return perPartition.flat();
}

function addSpan(job: StoredReplay, w: Written): void {
  const last = w.first + w.count - 1;
  const span = job.report.targets.find((t) => t.topic === w.topic && t.partition === w.partition);
  if (!span) job.report.targets.push({ topic: w.topic, partition: w.partition, count: w.count, first: w.first, last });
  else Object.assign(span, { count: span.count + w.count, first: Math.min(span.first, w.first), last: Math.max(span.last, last) });
}
