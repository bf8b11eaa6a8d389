import { create } from 'zustand';
import { LAND_HISTORY_KEEP_MS, LAND_SAMPLE_EVERY_MS, type LandJobSpec, type LandMaintenance, type LandSample, type LandStatus } from '../../../shared/model/land';
import type { LandJobView } from '../../../shared/rpc/land-contract';
import { isFloeError } from '../../../shared/errors';
import { coreClient } from './core-store';

const MAX_SAMPLES = LAND_HISTORY_KEEP_MS / LAND_SAMPLE_EVERY_MS;

interface PipelinesState {
  jobs: LandJobView[] | null;
  loading: boolean;
  error: string | null;
  /** Why the live status stream ended, if it did. */
  watchError: string | null;
  /** Lag and throughput per job: the core's history (land.history), then each live status, one sample per 10 s as the core keeps them. */
  samples: Record<string, LandSample[]>;
  loadHistory(id: string): Promise<void>;
  load(): Promise<void>;
  /** Follows every job's status (land.watch) until the returned function is called. */
  watch(): () => void;
  create(spec: LandJobSpec, start: boolean): Promise<LandJobView>;
  start(id: string): Promise<void>;
  stop(id: string): Promise<void>;
  /** Changes a job's maintenance schedule (a running job takes it at its next start). */
  setMaintenance(id: string, maintenance: LandMaintenance): Promise<void>;
  remove(id: string): Promise<void>;
}

/** Whether a status says the job's runner is alive: the core sends a final status when it ends. */
const runningOf = (s: LandStatus) => s.state === 'running' || s.state === 'created';

/** Landing jobs (issue 11) as the core keeps them, their statuses live from land.watch. */
export const usePipelines = create<PipelinesState>((set, get) => {
  const replace = (view: LandJobView) => set((s) => ({ jobs: s.jobs?.some((j) => j.id === view.id) ? s.jobs.map((j) => (j.id === view.id ? view : j)) : [...(s.jobs ?? []), view] }));
  const onStatus = (status: LandStatus) => {
    const known = get().jobs?.find((j) => j.id === status.id);
    // A job another client created (the CLI, a second window): list again to learn its spec.
    if (!known) return void get().load();
    replace({ ...known, status, running: runningOf(status) });
    const history = get().samples[status.id] ?? [];
    const sample = { at: status.updatedAtMs, recordsPerSec: status.recordsPerSec, lagRecords: status.lagRecords, lagSeconds: status.lagSeconds };
    const last = history.at(-1);
    // As the core samples (lag-history.ts): per 10 s the most lag seen and the newest rate.
    const merged = last && { at: last.at, lagRecords: Math.max(last.lagRecords, sample.lagRecords), lagSeconds: Math.max(last.lagSeconds, sample.lagSeconds), recordsPerSec: sample.recordsPerSec };
    const next = merged && sample.at - merged.at < LAND_SAMPLE_EVERY_MS ? [...history.slice(0, -1), merged] : [...history, sample].slice(-MAX_SAMPLES);
    set((s) => ({ samples: { ...s.samples, [status.id]: next } }));
  };

  return {
    jobs: null,
    loading: false,
    error: null,
    watchError: null,
    samples: {},
    loadHistory: async (id) => {
      const { samples } = await coreClient().call('land.history', { job: id });
      const newest = samples.at(-1)?.at ?? 0;
      const live = (get().samples[id] ?? []).filter((s) => s.at > newest + LAND_SAMPLE_EVERY_MS - 1);
      set((s) => ({ samples: { ...s.samples, [id]: [...samples, ...live] } }));
    },
    load: async () => {
      set({ loading: true, error: null });
      try {
        const { jobs } = await coreClient().call('land.list', {});
        set({ jobs, loading: false });
      } catch (e) {
        set({ error: (e as Error).message, loading: false });
      }
    },
    watch: () => {
      const controller = new AbortController();
      set({ watchError: null });
      coreClient()
        .stream('land.watch', {}, onStatus, { signal: controller.signal })
        .catch((e: unknown) => {
          if (!controller.signal.aborted && !isFloeError(e, 'CANCELLED')) set({ watchError: (e as Error).message });
        });
      return () => controller.abort();
    },
    create: async (spec, start) => {
      let view = await coreClient().call('land.create', spec);
      replace(view);
      if (start) {
        view = await coreClient().call('land.start', { job: view.id });
        replace(view);
      }
      return view;
    },
    start: async (id) => replace(await coreClient().call('land.start', { job: id })),
    stop: async (id) => replace(await coreClient().call('land.stop', { job: id })),
    setMaintenance: async (id, maintenance) => replace(await coreClient().call('land.setMaintenance', { job: id, maintenance })),
    remove: async (id) => {
      await coreClient().call('land.delete', { job: id });
      set((s) => ({ jobs: s.jobs?.filter((j) => j.id !== id) ?? null }));
    },
  };
});
