import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { cancelled, FloeError, isFloeError, type ErrorCode } from '../../../shared/errors';
import { BufferPool } from '../kafka/buffer-pool';
import { PARTITION_BYTES_MAX } from './partition-fetch-sizes';
import type { ChunkJob, ChunkResult } from './chunk-scanner';
import type { RegistryLookups } from './record-decoder';
import type { FromWorker, LookupRequest, ScanWorkerData, ToWorker } from './scan-worker-protocol';

/**
 * The worker's script: the built scan-worker.js next to the core's bundle, or (running from source: tests, benches,
 * the dev CLI) scan-worker.ts loaded through tsx — unless FLOE_SCAN_WORKER_JS names another script (a bench from source
 * measures the built worker, not tsx compiling it; tests start workers that fail on purpose).
 */
export function scanWorkerScript(): { file: string | URL; eval: boolean } {
  const here = import.meta.url;
  const chosen = process.env.FLOE_SCAN_WORKER_JS;
  if (chosen) return { file: chosen, eval: false };
  if (!here.endsWith('.ts')) {
    const built = ['./scan-worker.js', '../scan-worker.js'].map((p) => new URL(p, here)).find((u) => existsSync(fileURLToPath(u)));
    if (!built) throw new Error('scan-worker.js is not next to the core bundle (run npm run build)');
    return { file: built, eval: false };
  }
  // tsx's ESM entry (resolve() picks its CommonJS one).
  const tsx = new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(here).resolve('tsx/package.json'))).href;
  const source = new URL('./scan-worker.ts', here).href;
  return { file: `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(source)}); })`, eval: true };
}

interface Task {
  id: number;
  job: ChunkJob;
  resolve(r: ChunkResult): void;
  reject(e: Error): void;
  /** How many workers stopped while holding it. */
  crashes: number;
}

interface Slot {
  worker: Worker;
  tasks: Map<number, Task>;
  /** It has set up this scan (a worker that stops before may not be able to start at all: the scan fails rather than retrying). */
  ready: boolean;
  lastError?: string;
  /** This pool's listeners on the worker (taken off when the worker is kept for the next scan). */
  listeners: { message: (m: FromWorker) => void; error: (e: Error) => void; exit: (code: number) => void };
}

/**
 * Workers a finished scan left, ready for the next one (a search after the first then finds them loaded and their code
 * optimized: starting one took ~250 ms before its first result on 2 cores), by script; each ends after IDLE_MS unused.
 * They do not keep the process alive.
 */
const idle = new Map<string, { worker: Worker; timer: NodeJS.Timeout; exited: () => void }[]>();
const IDLE_MS = 30_000;
const MAX_IDLE = 16;
const scriptKey = (script: { file: string | URL; eval: boolean }) => String(script.file);
const startWorker = (script: { file: string | URL; eval: boolean }) => new Worker(script.file, { eval: script.eval });

function keepIdle(key: string, worker: Worker): void {
  const list = idle.get(key) ?? [];
  if (list.length >= MAX_IDLE) return void worker.terminate();
  idle.set(key, list);
  const entry = {
    worker,
    timer: setTimeout(() => {
      list.splice(list.indexOf(entry), 1);
      void worker.terminate();
    }, IDLE_MS).unref(),
    exited: () => {
      clearTimeout(entry.timer);
      if (list.includes(entry)) list.splice(list.indexOf(entry), 1);
    },
  };
  worker.once('exit', entry.exited);
  worker.on('error', ignore); // an idle worker that fails just ends (an 'error' with no listener would end the process)
  worker.unref();
  list.push(entry);
}

const ignore = () => undefined;

function takeIdle(key: string): Worker | null {
  const entry = idle.get(key)?.pop();
  if (!entry) return null;
  clearTimeout(entry.timer);
  entry.worker.off('exit', entry.exited).off('error', ignore);
  entry.worker.ref();
  return entry.worker;
}

/**
 * Starts workers, up to `count` kept idle, for a search that may come (the page a room reads first): the search then
 * finds them loaded instead of waiting ~250 ms for them.
 */
export function prewarmScanWorkers(count: number): void {
  try {
    const script = scanWorkerScript();
    const key = scriptKey(script);
    for (let n = idle.get(key)?.length ?? 0; n < Math.min(count, MAX_IDLE); n++) keepIdle(key, startWorker(script));
  } catch {
    // No worker script: the search says so when it needs one.
  }
}

/** Ends the workers kept for later scans, and lets go of the chunk buffers kept (a test that changes how workers start; a shutdown). */
export async function endIdleScanWorkers(): Promise<void> {
  const all = [...idle.values()].flat();
  idle.clear();
  chunkBuffers.clear();
  for (const e of all) clearTimeout(e.timer);
  await Promise.all(all.map((e) => e.worker.terminate()));
}

let scans = 0;

/** Jobs a worker holds at once: one in work and one waiting, so it never idles between two. */
const PER_WORKER = 2;

/**
 * The buffers chunks travel to workers in: a chunk's bytes are copied out of their Fetch response into one, which
 * is transferred to a worker and back with its result. A buffer made per chunk and left to each worker's collector
 * stayed there long after its chunk was read (a worker collects old garbage rarely): at 10M records two workers
 * held well over 100 MB of them. At most PER_WORKER are out per worker; a chunk past the most a scan asks of a
 * partition (one batch larger than it) gets a buffer of its own.
 */
const chunkBuffers = new BufferPool(PARTITION_BYTES_MAX, 32);

/** Buffers kept for the next chunks (tests). */
export const keptChunkBuffers = () => chunkBuffers.kept;

export interface ScanWorkerPoolOptions {
  threads: number;
  data: ScanWorkerData;
  registry: RegistryLookups | null;
}

/**
 * Scan workers of one scan: chunks go to the least busy worker with their bytes transferred, results come back
 * per job. A worker that stops (crashes, runs out of memory) is replaced and its jobs handed to another once; a
 * job that stops a second worker comes back as a failure covering its offsets, and the scan goes on.
 * close() keeps the workers that finished every job for the next scan and terminates the others; a cancel (the
 * signal, or close with a reason) terminates every worker.
 */
export class ScanWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;
  private closing: Promise<void> | null = null;
  private respawns = 0;
  private readonly scan = ++scans;
  /** Which kept workers this scan may take (those of its worker script). */
  private readonly key = scriptKey(scanWorkerScript());
  /** A worker has loaded: until one has, workers that stop may not be able to start at all. */
  private started = false;

  /** Removes the pool's listener from the scan's signal (a closed pool is not held by it). */
  private readonly unlisten: () => void;

  constructor(
    private readonly options: ScanWorkerPoolOptions,
    signal?: AbortSignal,
  ) {
    for (let i = 0; i < options.threads; i++) this.slots.push(this.spawn());
    const onAbort = () => void this.close(cancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
    this.unlisten = () => signal?.removeEventListener('abort', onAbort);
  }

  get threads() {
    return this.options.threads;
  }

  /** Records the core's thread scanned: none, a pool leaves every chunk to its workers. */
  readonly coreScanned = null;

  /** The worker threads' ids (which tell a kept worker from a new one). */
  get threadIds(): number[] {
    return this.slots.map((s) => s.worker.threadId);
  }

  /** Whether a job submitted now would go to a worker at once (none waits for one). */
  get hasRoom(): boolean {
    return !this.closed && this.queue.length === 0 && this.slots.some((s) => s.tasks.size < PER_WORKER);
  }

  submit(job: ChunkJob): Promise<ChunkResult> {
    if (this.closed) return Promise.reject(cancelled());
    return new Promise<ChunkResult>((resolve, reject) => {
      this.queue.push({ id: ++this.nextId, job, resolve, reject, crashes: 0 });
      this.dispatch();
    });
  }

  /**
   * Ends the scan: jobs not done are rejected with `reason`; a worker that finished all its jobs is kept for the next
   * scan unless a reason is given (a cancel), the others are terminated. Resolves when those have stopped.
   */
  close(reason?: Error): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    this.unlisten();
    const open = [...this.queue, ...this.slots.flatMap((s) => [...s.tasks.values()])];
    this.queue.length = 0;
    for (const t of open) t.reject(reason ?? cancelled());
    const stopping: Promise<number>[] = [];
    for (const slot of this.slots) {
      const { worker, listeners } = slot;
      if (!reason && slot.ready && slot.tasks.size === 0) {
        worker.off('message', listeners.message).off('error', listeners.error).off('exit', listeners.exit);
        keepIdle(this.key, worker);
      } else stopping.push(worker.terminate());
    }
    this.closing = Promise.all(stopping).then(() => undefined);
    return this.closing;
  }

  private spawn(): Slot {
    const script = scanWorkerScript();
    const worker = takeIdle(this.key) ?? startWorker(script);
    const slot: Slot = { worker, tasks: new Map(), ready: false, listeners: { message: (m) => this.onMessage(slot, m), error: (e) => (slot.lastError = e.message), exit: (code) => this.onExit(slot, code) } };
    worker.on('message', slot.listeners.message).on('error', slot.listeners.error).on('exit', slot.listeners.exit);
    worker.postMessage({ type: 'setup', scan: this.scan, data: this.options.data } satisfies ToWorker);
    return slot;
  }

  private dispatch() {
    while (this.queue.length > 0 && !this.closed) {
      const slot = this.slots.reduce((a, b) => (b.tasks.size < a.tasks.size ? b : a));
      if (slot.tasks.size >= PER_WORKER) return;
      const task = this.queue.shift()!;
      slot.tasks.set(task.id, task);
      const bytes = task.job.bytes;
      // The bytes are a view into a whole Fetch response: the chunk's own copy is what moves to the worker (and back).
      const own = bytes && bytes.byteLength > 0 ? chunkBuffers.take(bytes.byteLength).subarray(0, bytes.byteLength) : null;
      own?.set(bytes!);
      const message: ToWorker = { type: 'job', id: task.id, job: { ...task.job, bytes: own } };
      slot.worker.postMessage(message, own ? [own.buffer as ArrayBuffer] : []);
    }
  }

  private onMessage(slot: Slot, m: FromWorker) {
    if (m.type === 'ready') return void (m.scan === this.scan && (slot.ready = this.started = true));
    if (m.type === 'lookup') return void this.lookup(slot, m.id, m.request);
    if (m.buffer) chunkBuffers.give(Buffer.from(m.buffer));
    const task = slot.tasks.get(m.id);
    if (!task) return;
    slot.tasks.delete(m.id);
    if (m.type === 'result') task.resolve(m.result);
    else task.reject(m.code ? new FloeError(m.code as ErrorCode, m.message) : new Error(m.message));
    this.dispatch();
  }

  private async lookup(slot: Slot, id: number, request: LookupRequest) {
    const { registry } = this.options;
    let reply: ToWorker;
    try {
      if (!registry) throw new Error('this profile has no schema registry');
      const value = request.kind === 'schema' ? await registry.schemas.get(request.schemaId) : await registry.subjects.get(request.subject, request.version);
      reply = { type: 'lookup-reply', id, value };
    } catch (e) {
      reply = { type: 'lookup-reply', id, error: { message: (e as Error)?.message ?? String(e), ...(isFloeError(e) ? { code: e.code } : {}) } };
    }
    if (!this.closed) slot.worker.postMessage(reply);
  }

  private onExit(slot: Slot, code: number) {
    if (this.closed) return;
    const why = slot.lastError ?? `exit code ${code}`;
    const index = this.slots.indexOf(slot);
    // Once workers run, each chunk is tried at most twice, which bounds the restarts; before, a worker that stops may
    // never start at all.
    if (!this.started && ++this.respawns > this.options.threads * 2 + 4) {
      void this.close(new FloeError('INTERNAL', `Scan workers cannot start (${why}); the scan was stopped`));
      return;
    }
    this.slots[index] = this.spawn();
    // A worker scans its jobs in the order given: the first was in work when it stopped, the others only waited.
    const [inWork, ...waiting] = [...slot.tasks.values()];
    this.queue.unshift(...waiting);
    if (inWork && ++inWork.crashes >= 2) inWork.resolve(skipped(inWork.job, `a scan worker stopped twice on this chunk (${why}); offsets ${inWork.job.from}… of this fetch were not scanned`));
    else if (inWork) this.queue.unshift(inWork);
    this.dispatch();
  }
}

/** The result of a chunk no worker could scan: no records, one failure at its first offset. */
function skipped(job: ChunkJob, message: string): ChunkResult {
  return { partition: job.partition, matches: [], scannedAt: [], bytesAt: [], scanned: 0, bytes: 0, scannedTo: job.from, ruledOut: 0, decodeErrors: [], decodeFallbacks: [], filterErrors: [], failures: [{ partition: job.partition, offset: job.from, message }], stopped: Boolean(job.stopOnError) };
}
