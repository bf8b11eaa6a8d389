import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { cancelled, FloeError, isFloeError, type ErrorCode } from '../../../shared/errors';
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
  /** It has loaded (a worker that stops before cannot start at all: the scan fails rather than retrying). */
  ready: boolean;
  lastError?: string;
}

/** Jobs a worker holds at once: one in work and one waiting, so it never idles between two. */
const PER_WORKER = 2;

export interface ScanWorkerPoolOptions {
  threads: number;
  data: ScanWorkerData;
  registry: RegistryLookups | null;
}

/**
 * Scan workers of one scan: chunks go to the least busy worker with their bytes transferred, results come back
 * per job. A worker that stops (crashes, runs out of memory) is replaced and its jobs handed to another once; a
 * job that stops a second worker comes back as a failure covering its offsets, and the scan goes on.
 * close() (or the signal) terminates every worker.
 */
export class ScanWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;
  private closing: Promise<void> | null = null;
  private respawns = 0;
  /** A worker has loaded: until one has, workers that stop may not be able to start at all. */
  private started = false;

  constructor(
    private readonly options: ScanWorkerPoolOptions,
    signal?: AbortSignal,
  ) {
    for (let i = 0; i < options.threads; i++) this.slots.push(this.spawn());
    signal?.addEventListener('abort', () => void this.close(cancelled()), { once: true });
  }

  get threads() {
    return this.options.threads;
  }

  submit(job: ChunkJob): Promise<ChunkResult> {
    if (this.closed) return Promise.reject(cancelled());
    return new Promise<ChunkResult>((resolve, reject) => {
      this.queue.push({ id: ++this.nextId, job, resolve, reject, crashes: 0 });
      this.dispatch();
    });
  }

  /** Terminates every worker; jobs not done are rejected with `reason`. Resolves when all threads have stopped. */
  close(reason: Error = cancelled()): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    const open = [...this.queue, ...this.slots.flatMap((s) => [...s.tasks.values()])];
    this.queue.length = 0;
    for (const t of open) t.reject(reason);
    this.closing = Promise.all(this.slots.map((s) => s.worker.terminate())).then(() => undefined);
    return this.closing;
  }

  private spawn(): Slot {
    const script = scanWorkerScript();
    const worker = new Worker(script.file, { eval: script.eval, workerData: this.options.data });
    const slot: Slot = { worker, tasks: new Map(), ready: false };
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    worker.on('error', (e) => (slot.lastError = e.message));
    worker.on('exit', (code) => this.onExit(slot, code));
    return slot;
  }

  private dispatch() {
    while (this.queue.length > 0 && !this.closed) {
      const slot = this.slots.reduce((a, b) => (b.tasks.size < a.tasks.size ? b : a));
      if (slot.tasks.size >= PER_WORKER) return;
      const task = this.queue.shift()!;
      slot.tasks.set(task.id, task);
      const bytes = task.job.bytes;
      // The bytes are a view into a whole Fetch response: the chunk's own copy is what moves to the worker.
      const own = bytes && bytes.byteLength > 0 ? new Uint8Array(bytes.byteLength) : null;
      own?.set(bytes!);
      const message: ToWorker = { type: 'job', id: task.id, job: { ...task.job, bytes: own } };
      slot.worker.postMessage(message, own ? [own.buffer as ArrayBuffer] : []);
    }
  }

  private onMessage(slot: Slot, m: FromWorker) {
    if (m.type === 'ready') return void (slot.ready = this.started = true);
    if (m.type === 'lookup') return void this.lookup(slot, m.id, m.request);
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
