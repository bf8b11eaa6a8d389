import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { FloeError } from '../../../shared/errors';
import { LandJobSpec, LandMaintenance, type LandSample, type LandStatus, type LandWhere } from '../../../shared/model/land';
import type { LandJobView } from '../../../shared/rpc/land-contract';
import type { KafkaClients } from '../kafka/kafka-clients';
import { openCatalog } from '../lake/catalog/open-catalog';
import type { StoreContexts } from '../lake/io/store-contexts';
import type { RegistryClients } from '../registry/registry-clients';
import { JOB_PROPERTY, OFFSETS_PROPERTY } from './land-batch';
import type { LandJobsStore, StoredJob } from './land-jobs-store';
import { LandRunner } from './land-runner';
import { LagHistory, lagHistoryFile } from './lag-history';


interface Run {
  controller: AbortController;
  done: Promise<LandStatus>;
  runner: LandRunner;
}

/** Landing jobs: kept in Floe's data folder, run in the background in this process, stopped with a final commit. */
export class LandService {
  private readonly runs = new Map<string, Run>();
  private readonly listeners = new Set<(s: LandStatus) => void>();
  private readonly lagHistory: LagHistory;

  constructor(
    readonly store: LandJobsStore,
    private readonly deps: { kafka: KafkaClients; registries: RegistryClients; stores: StoreContexts },
  ) {
    this.lagHistory = new LagHistory((id) => lagHistoryFile(store.jobDir(id)));
  }

  create(input: LandJobSpec): LandJobView {
    const spec = LandJobSpec.parse(input);
    const jobs = this.store.list();
    if (jobs.some((j) => j.spec.name === spec.name)) throw new FloeError('CONFLICT', `A landing job named "${spec.name}" already exists`);
    const target = [...spec.table.namespace, spec.table.name].join('.');
    const clash = jobs.find((j) => [...j.spec.table.namespace, j.spec.table.name].join('.') === target && JSON.stringify(j.spec.catalog) === JSON.stringify(spec.catalog));
    if (clash) throw new FloeError('CONFLICT', `Job "${clash.spec.name}" already lands into ${target}: two jobs on one table would fight over its rows`);
    const job: StoredJob = { id: randomUUID(), spec, running: false, createdAtMs: Date.now() };
    this.store.save([...jobs, job]);
    return this.view(job);
  }

  list(): LandJobView[] {
    return this.store.list().map((j) => this.view(j));
  }

  /** The file IO of a job's catalog (local folders, or an object store's). */
  ioFor(objectStore: { profileId: string } | undefined) {
    return this.deps.stores.get(objectStore).io;
  }

  get(idOrName: string): LandJobView {
    return this.view(this.store.get(idOrName));
  }

  private view(j: StoredJob): LandJobView {
    return { id: j.id, spec: j.spec, running: this.runs.has(j.id), status: this.runs.get(j.id)?.runner.status ?? this.store.readStatus(j.id) };
  }

  onStatus(listener: (s: LandStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a job in the background (a no-op when it runs); it is marked to run again after a restart. */
  start(idOrName: string): LandJobView {
    const job = this.store.get(idOrName);
    if (!this.runs.has(job.id)) {
      this.store.update(job.id, (j) => ({ ...j, running: true }));
      const controller = new AbortController();
      const runner = new LandRunner(job.id, job.spec, { ...this.deps, jobDir: this.store.jobDir(job.id) }, (s) => {
        this.store.writeStatus(s);
        this.lagHistory.record(s);
        for (const l of this.listeners) l(s);
      }, this.store.readStatus(job.id)?.maintenance);
      const done = runner.run(controller.signal).finally(() => {
        this.runs.delete(job.id);
        this.lagHistory.flush(job.id);
      });
      this.runs.set(job.id, { controller, done, runner });
    }
    return this.get(job.id);
  }

  /** Stops a job after committing what it staged; it stays stopped after a restart. */
  async stop(idOrName: string): Promise<LandJobView> {
    const job = this.store.get(idOrName);
    this.store.update(job.id, (j) => ({ ...j, running: false }));
    const run = this.runs.get(job.id);
    if (run) {
      run.controller.abort();
      await run.done;
    }
    return this.get(job.id);
  }

  /** Waits for a running job to end by itself (paused or failed) or until `signal` stops it. */
  async wait(idOrName: string, signal?: AbortSignal): Promise<LandStatus | null> {
    const run = this.runs.get(this.store.get(idOrName).id);
    if (!run) return null;
    signal?.addEventListener('abort', () => run.controller.abort(), { once: true });
    return run.done;
  }

  /** The job's lag and throughput over the last day (see LagHistory). */
  history(idOrName: string, sinceMs?: number): LandSample[] {
    return this.lagHistory.read(this.store.get(idOrName).id, sinceMs);
  }

  async remove(idOrName: string): Promise<void> {
    const job = this.store.get(idOrName);
    if (this.runs.has(job.id)) throw new FloeError('CONFLICT', `Landing job "${job.spec.name}" is running: stop it first`);
    this.store.update(job.id, () => null);
    this.lagHistory.forget(job.id);
    rmSync(this.store.jobDir(job.id), { recursive: true, force: true });
  }

  /** Starts every job that was running when Floe last stopped (the desktop app on launch, `floe serve`). */
  resumeRunning(): void {
    for (const id of this.store.runningIds()) this.start(id);
  }

  /** Changes a job's maintenance schedule; a running job takes it at its next start. */
  setMaintenance(idOrName: string, maintenance: LandMaintenance): LandJobView {
    const job = this.store.get(idOrName);
    const parsed = LandMaintenance.parse(maintenance);
    this.store.update(job.id, (j) => ({ ...j, spec: { ...j.spec, maintenance: parsed } }));
    return this.get(job.id);
  }

  /** Whether offset `offset` of partition `partition` has landed, and in which snapshot. */
  async where(idOrName: string, partition: number, offset: number): Promise<LandWhere> {
    const job = this.store.get(idOrName);
    const { io } = this.deps.stores.get(job.spec.catalog.objectStore);
    const catalog = await openCatalog(io, job.spec.catalog);
    try {
      const table = await catalog.loadTable(job.spec.table);
      const ours = [...table.metadata.snapshots].filter((s) => s.summary[JOB_PROPERTY] === job.id).sort((a, b) => (a.sequenceNumber < b.sequenceNumber ? -1 : 1));
      for (const s of ours) {
        const next = (JSON.parse(s.summary[OFFSETS_PROPERTY] ?? '{}') as Record<string, number>)[String(partition)];
        if (next !== undefined && next > offset)
          return {
            partition,
            offset,
            landed: true,
            snapshotId: String(s.snapshotId),
            committedAtMs: s.timestampMs,
            message: `Offset ${offset} of partition ${partition} landed in snapshot ${s.snapshotId} (${new Date(s.timestampMs).toISOString()}), unless the bad-record policy skipped or dead-lettered it`,
          };
      }
      const last = ours.at(-1);
      const upTo = last ? (JSON.parse(last.summary[OFFSETS_PROPERTY] ?? '{}') as Record<string, number>)[String(partition)] : undefined;
      return { partition, offset, landed: false, snapshotId: null, committedAtMs: null, message: `Offset ${offset} of partition ${partition} has not landed yet (landed up to ${upTo === undefined ? 'nothing' : `offset ${upTo - 1}`})` };
    } finally {
      catalog.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.runs.values()].map((r) => (r.controller.abort(), r.done.catch(() => undefined))));
  }
}
