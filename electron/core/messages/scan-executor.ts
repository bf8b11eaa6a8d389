import { availableParallelism } from 'node:os';
import { cancelled } from '../../../shared/errors';
import type { TopicDecoding } from '../../../shared/model/messages';
import type { CompiledFilter } from './filter-model';
import { ChunkScanner, type ChunkJob, type ChunkResult } from './chunk-scanner';
import type { RecordReaders, RegistryLookups } from './record-decoder';
import { ScanWorkerPool } from './scan-worker-pool';

/** Where a scan's chunks are read, decoded and filtered: in the core's thread, or on worker threads. */
export interface ChunkExecutor {
  /** Worker threads decoding (0: the core's own thread). */
  readonly threads: number;
  submit(job: ChunkJob): Promise<ChunkResult>;
  /** Stops the work not done yet (workers are terminated). */
  close(): Promise<void>;
}

/** Chunks one after another in this thread, as the scan ran before worker threads. */
class InProcessExecutor implements ChunkExecutor {
  readonly threads = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;
  constructor(
    private readonly scanner: ChunkScanner,
    private readonly signal?: AbortSignal,
  ) {}
  submit(job: ChunkJob): Promise<ChunkResult> {
    const run = this.chain.then(() => (this.closed ? Promise.reject(cancelled()) : this.scanner.scan(job, this.signal)));
    this.chain = run.catch(() => undefined);
    return run;
  }
  async close() {
    this.closed = true;
  }
}

/** Below this many planned records a scan stays in the core's thread: starting workers costs more than it gives. */
export const SMALL_SCAN = 50_000;
/** More threads than this only add contention on the one connection that feeds them. */
export const MAX_SCAN_THREADS = 16;

/**
 * Worker threads for a scan: `requested` when given (0: none), else one per partition up to the cores left beside
 * the core's own thread, none for a small scan or a single partition — and none when only one core is left. On 2
 * cores two workers kept from an earlier search scan uncompressed topics faster than the core's thread (bench:browse,
 * 1M JSON records decoded whole: 1.04–1.26 s against 1.5–1.7 s) in bounded memory since chunk buffers are reused
 * (10M records: 209–243 MB); but on lz4 and zstd batches their peak RSS grew from one search to the next (1M zstd
 * records: 317 → 369 MB over five searches, 154–170 MB in the core's thread), so here the core's thread scans alone.
 */
export function scanThreads(requested: number | undefined, partitions: number, plannedRecords: number, cores = availableParallelism()): number {
  if (requested !== undefined) return Math.min(requested, MAX_SCAN_THREADS);
  const threads = Math.min(partitions, cores - 1, MAX_SCAN_THREADS);
  return plannedRecords < SMALL_SCAN || threads < 2 ? 0 : threads;
}

export interface ExecutorSetup {
  threads: number;
  readers: RecordReaders;
  decoding: TopicDecoding;
  registry: RegistryLookups | null;
  filter?: CompiledFilter;
  text?: string;
  undecodable?: boolean;
}

export async function chunkExecutor(setup: ExecutorSetup, signal?: AbortSignal): Promise<ChunkExecutor> {
  const { filter, text, undecodable } = setup;
  if (setup.threads === 0) return new InProcessExecutor(await ChunkScanner.create(setup.readers, { filter, text, undecodable }), signal);
  const data = { decoding: setup.decoding, match: { filter: filter?.source, text, undecodable }, registry: setup.registry !== null };
  return new ScanWorkerPool({ threads: setup.threads, data, registry: setup.registry }, signal);
}
