import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { FloeError } from '../../../shared/errors';
import { isCrossCluster, type ParsedReplaySpec, type PlannedSend, type ReplayJob, type ReplayPlan, type ReplayPlanRequest } from '../../../shared/model/replay';
import type { KafkaClients } from '../kafka/kafka-clients';
import type { RawCluster } from '../kafka/kafkajs-cluster';
import { PAGE_LIMITS } from '../kafka/partition-fetcher';
import { readRanges } from '../kafka/range-reader';
import { topicPartitions } from '../kafka/topic-partitions';
import type { MessagesService } from '../messages/messages-service';
import type { MappingStore } from '../dlq/mapping-store';
import type { RegistryClients } from '../registry/registry-clients';
import { sleep } from '../util/sleep';
import { encodeEdits, outgoing, type ReplayContext } from './replay-records';
import { deliveredOnTarget } from './cross-cluster';
import { runReplay, type RunDeps } from './replay-runner';
import { planSource, sourceSelector } from './replay-source';
import { fingerprintOf, type ReplayStore, type StoredReplay } from './replay-store';

const TRANSIENT = new Set(['UNREACHABLE', 'TIMEOUT']);
/** What a cluster says while it comes back (coordinators and leaders not elected or loaded yet). */
const COMING_BACK = /coordinator|leader not available|not leader|LEADER_NOT_AVAILABLE|NOT_LEADER|no leader|loading/i;
/** Kafka errors of a partition or coordinator on the move: LEADER_NOT_AVAILABLE, NOT_LEADER_OR_FOLLOWER, REQUEST_TIMED_OUT, NETWORK_EXCEPTION, coordinator loading/moved, NOT_ENOUGH_REPLICAS(_AFTER_APPEND), CONCURRENT_TRANSACTIONS. */
const MOVING = new Set([5, 6, 7, 13, 14, 15, 16, 19, 20, 51]);
const kafkaCode = (e: FloeError) => (e.detail as { code?: unknown } | undefined)?.code;
const transient = (e: unknown): e is FloeError =>
  e instanceof FloeError &&
  (TRANSIENT.has(e.code) || ((e.code === 'INTERNAL' || e.code === 'REMOTE_ERROR') && (COMING_BACK.test(e.message) || MOVING.has(kafkaCode(e) as number))));
/** How long a replay waits for an unreachable cluster (a broker restart) before it stops as failed. */
const OUTAGE_MS = 180_000;
const RAW = { key: { format: 'hex' as const }, value: { format: 'hex' as const } };

/** A job as the UI and CLI see it (without its encoded edits and seal). */
export function publicJob(j: StoredReplay): ReplayJob {
  const { edits: _e, fingerprint: _f, selectionKey: _s, owner: _o, targetTail: _t, ...job } = j;
  return job;
}

/** Replay jobs: created with their selection fixed, run exactly once (transactions), resumed, cancelled. */
export class ReplayService {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly kafka: KafkaClients,
    private readonly registries: RegistryClients,
    private readonly messages: MessagesService,
    private readonly mappings: MappingStore,
    readonly store: ReplayStore,
  ) {}

  private ctx(spec: ParsedReplaySpec, id: string, edits: StoredReplay['edits'], time: number): Omit<ReplayContext, 'targets'> {
    return { replayId: id, sourceTopic: spec.source.topic, dlq: spec.source.kind === 'dlq', target: spec.target, edits, mappings: this.mappings.get(spec.profileId), time };
  }

  private async open(spec: ParsedReplaySpec) {
    const partitions = spec.source.kind === 'partition' ? [spec.source.partition] : spec.source.selection.partitions;
    return this.messages.open(spec.profileId, spec.source.topic, partitions, spec.source.kind === 'dlq' ? undefined : RAW);
  }

  /** The cluster the records go to: the source's, or another profile's. */
  private async target(spec: ParsedReplaySpec, source: RawCluster): Promise<RawCluster> {
    return isCrossCluster(spec) ? this.kafka.cluster(spec.target.profileId!) : source;
  }

  /** A dry run: the records the replay would send (the first `limit`), where, and what would stop it. */
  plan(input: z.output<typeof ReplayPlanRequest>, signal?: AbortSignal): Promise<ReplayPlan> {
    return this.kafka.run(input.profileId, async () => {
      const s = await this.open(input);
      const target = await this.target(input, s.cluster);
      if (input.target.topic) await topicPartitions(target, input.target.topic);
      const { ranges, notes } = await planSource(s, input.source);
      const select = await sourceSelector(s, input.source, this.mappings.get(input.profileId));
      const edits = await encodeEdits(input.edits, this.registries.get(input.profileId));
      const counts = new Map<string, number>();
      const partitions = new Map<string, Promise<number>>();
      const ctx: ReplayContext = {
        ...this.ctx(input, '(dry run)', edits, Date.now()),
        targets: { partitions: (t) => partitions.get(t) ?? (partitions.set(t, topicPartitions(target, t).then((l) => l.length)), partitions.get(t)!) },
      };
      const plan: ReplayPlan = { sourceTopic: input.source.topic, ranges, sends: [], selected: 0, skipped: 0, targets: [], problems: [], notes };
      for await (const steps of readRanges(s.fetcher, ranges, { ...PAGE_LIMITS, readCommitted: true }, signal))
        for (const step of steps)
          for (const r of step.records) {
            if (!(await select(step.partition, r))) {
              plan.skipped++;
              continue;
            }
            plan.selected++;
            try {
              const o = await outgoing(ctx, step.partition, r);
              counts.set(`${o.topic}\u0000${o.partition}`, (counts.get(`${o.topic}\u0000${o.partition}`) ?? 0) + 1);
              if (plan.sends.length < input.limit) plan.sends.push(sendView(input.source.topic, step.partition, r.offset, o));
            } catch (e) {
              if (!(e instanceof FloeError) || plan.problems.length >= 100) throw e;
              plan.problems.push({ source: { partition: step.partition, offset: r.offset }, message: e.message });
            }
          }
      plan.targets = [...counts].map(([k, count]) => ({ topic: k.split('\u0000')[0]!, partition: Number(k.split('\u0000')[1]), count }));
      return plan;
    });
  }

  /** Creates a job: its selection, ranges and encoded edits fixed from now on. Refuses a selection another job already takes, unless `again`. */
  create(spec: ParsedReplaySpec): Promise<ReplayJob> {
    return this.kafka.run(spec.profileId, async () => {
      const s = await this.open(spec);
      if (spec.target.topic) await topicPartitions(await this.target(spec, s.cluster), spec.target.topic);
      const { ranges } = await planSource(s, spec.source);
      const edits = await encodeEdits(spec.edits, this.registries.get(spec.profileId));
      const selectionKey = JSON.stringify([spec.profileId, spec.source, spec.target, spec.edits, ranges]);
      const { jobs } = this.store.list();
      const same = jobs.find((j) => j.selectionKey === selectionKey);
      if (same && !spec.again)
        throw new FloeError('CONFLICT', `Replay ${same.id} (${same.status}) already takes this selection: ${same.status === 'done' ? 'to send it again, ask for it again on purpose (--again)' : `resume it (floe replay resume ${same.id})`}`, { id: same.id });
      const id = `r-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
      const now = new Date().toISOString();
      const sealed = { spec, ranges, edits, groupId: `floe-replay-${id}`, transactionalId: `floe-replay-${id}`, sourceTopic: spec.source.topic };
      const job: StoredReplay = {
        id,
        createdAt: now,
        updatedAt: now,
        ...sealed,
        fingerprint: fingerprintOf(sealed),
        selectionKey,
        status: 'interrupted',
        message: 'Created, not started yet',
        progress: { read: 0, total: ranges.reduce((n, r) => n + r.to - r.from, 0), sent: 0, skipped: 0, recordsPerSec: 0, etaMs: null },
        report: { targets: [], lost: [], errors: [] },
      };
      this.store.create(job);
      return publicJob(job);
    });
  }

  get(id: string): ReplayJob {
    return publicJob(this.store.get(id));
  }

  list(): { jobs: ReplayJob[]; problems: string[] } {
    const { jobs, problems } = this.store.list();
    return { jobs: jobs.map(publicJob), problems };
  }

  private cancelFile(id: string): string {
    return join(this.store.dir, `${id}.cancel`);
  }

  /** Runs or resumes a job to its end; progress after every transaction. A second run of a running job is refused. */
  async run(id: string, onProgress: (job: ReplayJob) => void = () => undefined, signal?: AbortSignal, test?: Pick<RunDeps, 'beforeCommit' | 'txnMaxBytes'>): Promise<ReplayJob> {
    let job = this.store.get(id);
    if (job.status === 'done') throw new FloeError('CONFLICT', `Replay ${id} is done (${job.progress.sent} sent): it never runs twice; create a new one with --again to send the same records again`);
    if (job.status === 'running' || this.running.has(id)) throw new FloeError('CONFLICT', `Replay ${id} is running${job.owner ? ` in process ${job.owner.pid}` : ''}: cancel it first`);
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.running.set(id, controller);
    rmSync(this.cancelFile(id), { force: true });
    let failingSince: number | null = null;
    const save = (j: StoredReplay) => {
      if (j.progress.read !== job.progress.read) failingSince = null;
      job = j;
      this.store.write(j);
      onProgress(publicJob(j));
    };
    const attempt = () =>
      this.kafka.run(job.spec.profileId, async () => {
        const s = await this.open(job.spec);
        const select = await sourceSelector(s, job.spec.source, this.mappings.get(job.spec.profileId));
        const time = Date.parse(job.createdAt);
        const spec = job.spec;
        const cross: RunDeps['cross'] = isCrossCluster(spec)
          ? { target: await this.target(spec, s.cluster), delivered: (j) => deliveredOnTarget((topic, partitions) => this.messages.open(spec.target.profileId!, topic, partitions, RAW), j, controller.signal) }
          : undefined;
        const deps: RunDeps = { cluster: s.cluster, fetcher: s.fetcher, select, ctx: this.ctx(spec, id, job.edits, time), save, signal: controller.signal, stopRequested: () => existsSync(this.cancelFile(id)), cross, ...test };
        return publicJob(await runReplay(job, deps));
      });
    try {
      // A broker that restarts or a lost connection: start over from the committed position (never twice, never a gap).
      for (;;) {
        try {
          return await attempt();
        } catch (e) {
          if (!transient(e) || controller.signal.aborted) throw e;
          failingSince ??= Date.now();
          const down = Date.now() - failingSince;
          if (down > OUTAGE_MS)
            throw new FloeError(e.code, `${e.message} — for ${Math.round(OUTAGE_MS / 60_000)} minutes; what was committed stays: resume it later (floe replay resume ${id})`, e.detail);
          job = { ...job, report: { ...job.report, errors: [...job.report.errors, { at: new Date().toISOString(), message: `retrying: ${e.message}` }].slice(-50) } };
          await sleep(Math.min(5000, 500 + down / 4), controller.signal);
        }
      }
    } catch (e) {
      const error = e instanceof FloeError ? e : new FloeError('INTERNAL', (e as Error).message);
      const status = error.code === 'CANCELLED' ? 'cancelled' : error.code === 'CONFLICT' && (error.detail as { fenced?: boolean })?.fenced ? 'running' : 'failed';
      const message = status === 'cancelled' ? `Cancelled after ${job.progress.sent} records; what was committed stays, resume goes on from there` : error.message;
      if (status !== 'running') save({ ...job, status, message, owner: undefined, report: { ...job.report, errors: [...job.report.errors, { at: new Date().toISOString(), message: error.message }].slice(-50) } });
      throw status === 'cancelled' ? new FloeError('CANCELLED', message) : error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.running.delete(id);
      rmSync(this.cancelFile(id), { force: true });
    }
  }

  /** Stops a running job after its current transaction (in this process, or another one through a cancel file). */
  cancel(id: string): ReplayJob {
    const job = this.store.get(id);
    const mine = this.running.get(id);
    if (mine) mine.abort();
    else if (job.status === 'running') writeFileSync(this.cancelFile(id), String(Date.now()));
    else throw new FloeError('CONFLICT', `Replay ${id} is not running (${job.status})`);
    return publicJob(job);
  }

  /**
   * Runs again, in the background, every job whose process stopped while it ran (an app or `floe replay`
   * killed): they go on from their committed position, exactly once. Called when the desktop app or
   * `floe serve` starts; returns the ids started. Two processes resuming one job at once are safe: the
   * second is refused, or fenced by the first's transactions.
   */
  resumeInterrupted(log: (line: string) => void = () => undefined): string[] {
    const ids = this.store.interruptedIds();
    for (const id of ids)
      void this.run(id).then(
        (j) => log(`replay ${id} resumed and ${j.status}: ${j.progress.sent} sent`),
        (e: unknown) => log(`replay ${id} could not resume: ${(e as Error).message}`),
      );
    return ids;
  }

  close(): void {
    for (const c of this.running.values()) c.abort();
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function sendView(topic: string, partition: number, offset: number, o: Awaited<ReturnType<typeof outgoing>>): PlannedSend {
  const text = (b: Uint8Array | null) => {
    if (b === null) return null;
    try {
      return utf8.decode(b);
    } catch {
      return `0x${Buffer.from(b).toString('hex')}`;
    }
  };
  return {
    source: { topic, partition, offset },
    target: { topic: o.topic, partition: o.partition },
    key: text(o.record.key),
    value: text(o.record.value),
    headers: o.record.headers.map((h) => ({ key: h.key, value: text(h.value) })),
    edited: o.edited,
  };
}
