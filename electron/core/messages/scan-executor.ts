import { availableParallelism } from 'node:os';
import { cancelled } from '../../../shared/errors';
import type { SearchView, TopicDecoding } from '../../../shared/model/messages';
import type { CompiledFilter } from './filter-model';
import { ChunkScanner, type ChunkJob, type ChunkResult } from './chunk-scanner';
import type { RecordReaders, RegistryLookups } from './record-decoder';
import { ScanWorkerPool } from './scan-worker-pool';

/** Where a scan's chunks are read, decoded and filtered: in the core's thread, or on worker threads. */
export interface ChunkExecutor {
  /** Worker threads decoding (0: the core's own thread). */
  readonly threads: number;
  /** Records the core's own thread scanned beside the workers (null: it leaves every chunk to them, or there are none). */
  readonly coreScanned: number | null;
  submit(job: ChunkJob): Promise<ChunkResult>;
  /** Stops the work not done yet (workers are terminated). */
  close(): Promise<void>;
}

/** Chunks one after another in this thread, as the scan ran before worker threads. */
class InProcessExecutor implements ChunkExecutor {
  readonly threads = 0;
  readonly coreScanned = null;
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

interface Waiting {
  job: ChunkJob;
  resolve(r: ChunkResult): void;
  reject(e: unknown): void;
}

/**
 * Workers, and the core's own thread for a chunk that finds every worker with its jobs in hand. On 2 cores one worker
 * alone scanned 1M JSON records decoded whole in 2.1–2.8 s, little faster than the core's thread alone (2.7–3.0 s):
 * that thread only fetched and fed it. Helped by the core's thread it took 1.3–1.8 s. The core's thread takes one chunk
 * at a time and yields every 1000 records (ChunkScanner), so fetching, merging and feeding the workers go on meanwhile.
 */
class CoreHelpedExecutor implements ChunkExecutor {
  private readonly waiting: Waiting[] = [];
  private coreBusy = false;
  private closed = false;
  coreScanned = 0;
  constructor(
    private readonly pool: ScanWorkerPool,
    private readonly scanner: ChunkScanner,
    private readonly signal?: AbortSignal,
  ) {}
  get threads() {
    return this.pool.threads;
  }
  submit(job: ChunkJob): Promise<ChunkResult> {
    if (this.closed) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.next();
    });
  }
  /** Chunks to workers while one has room, in the order submitted; the next to the core's thread when none has. */
  private next() {
    while (this.waiting.length > 0 && this.pool.hasRoom) {
      const w = this.waiting.shift()!;
      this.pool.submit(w.job).then(w.resolve, w.reject).finally(() => this.next());
    }
    if (this.waiting.length === 0 || this.coreBusy || this.closed) return;
    const w = this.waiting.shift()!;
    this.coreBusy = true;
    this.scanner
      .scan(w.job, this.signal)
      .then((r) => {
        this.coreScanned += r.scanned;
        w.resolve(r);
      }, w.reject)
      .finally(() => {
        this.coreBusy = false;
        this.next();
      });
  }
  close() {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(cancelled());
    return this.pool.close();
  }
}

/** Below this many planned records a scan stays in the core's thread: starting workers costs more than it gives. */
export const SMALL_SCAN = 50_000;
/** More threads than this only add contention on the one connection that feeds them. */
export const MAX_SCAN_THREADS = 16;

/**
 * Worker threads for a scan: `requested` when given (0: none), else one per partition up to the cores left beside
 * the core's own thread, none for a small scan or on a single core. The core's own thread helps the workers (see
 * CoreHelpedExecutor): on 2 cores one worker and the core's thread scanned 1M JSON records decoded whole in 1.3–1.8 s
 * against 2.7–3.0 s for the core's thread alone (bench:browse), at 10M records in 188–260 MB. Two workers so helped
 * were no faster (1.4–2.0 s; at 10M, 6.1–6.4 s against 5.7–5.9 s), and on lz4 and zstd batches each worker's memory
 * grew from one search to the next.
 */
export function scanThreads(requested: number | undefined, partitions: number, plannedRecords: number, cores = availableParallelism()): number {
  if (requested !== undefined) return Math.min(requested, MAX_SCAN_THREADS);
  const threads = Math.min(partitions, cores - 1, MAX_SCAN_THREADS);
  return plannedRecords < SMALL_SCAN || threads < 1 ? 0 : threads;
}

export interface ExecutorSetup {
  threads: number;
  readers: RecordReaders;
  decoding: TopicDecoding;
  registry: RegistryLookups | null;
  filter?: CompiledFilter;
  text?: string;
  undecodable?: boolean;
  /** What matches are built as (see ChunkScanner.create); whole records by default. */
  view?: SearchView;
  /** With workers, the core's own thread scans a chunk too when every worker has its jobs in hand (default true). */
  coreThreadHelps?: boolean;
}

export async function chunkExecutor(setup: ExecutorSetup, signal?: AbortSignal): Promise<ChunkExecutor> {
  const { filter, text, undecodable, view } = setup;
  // Built before any worker starts: a filter whose fields need a schema that cannot be had fails here.
  const scanner = setup.threads === 0 || setup.coreThreadHelps !== false ? await ChunkScanner.create(setup.readers, { filter, text, undecodable, view }) : null;
  if (setup.threads === 0) return new InProcessExecutor(scanner!, signal);
  const data = { decoding: setup.decoding, match: { filter: filter?.source, text, undecodable, view }, registry: setup.registry !== null };
  const pool = new ScanWorkerPool({ threads: setup.threads, data, registry: setup.registry }, signal);
  return scanner ? new CoreHelpedExecutor(pool, scanner, signal) : pool;
}
