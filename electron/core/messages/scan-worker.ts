// A scan worker thread: reads, decodes and filters the chunks the core hands it (their bytes transferred, not
// copied) and sends back only the matches and counts. Schemas come from the core through messages. It serves one
// scan after another (each set up by a message), so a search after the first finds it loaded and its code optimized.
import { parentPort } from 'node:worker_threads';
import { FloeError, type ErrorCode } from '../../../shared/errors';
import { PartDecoder } from '../decode/part-decoder';
import type { RegisteredSchema } from '../registry/schema-lookup';
import type { SubjectVersion } from '../registry/subject-schemas';
import { ChunkScanner } from './chunk-scanner';
import { celFilter } from './filter-model';
import { recordReaders, type RegistryLookups } from './record-decoder';
import type { FromWorker, LookupRequest, ScanWorkerData, ToWorker } from './scan-worker-protocol';

const port = parentPort!;
// The CEL library loads while the worker waits for its first scan (a worker is started when a topic's page is read),
// not when that scan's filter is compiled.
celFilter().catch(() => undefined);
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

let lookups = 0;
const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
function ask<T>(request: LookupRequest): Promise<T> {
  const id = ++lookups;
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    send({ type: 'lookup', id, request });
  });
}

const registry: RegistryLookups = {
  schemas: { get: (schemaId) => ask<RegisteredSchema>({ kind: 'schema', schemaId }) },
  subjects: { get: (subject, version) => ask<SubjectVersion>({ kind: 'subject', subject, ...(version !== undefined ? { version } : {}) }) },
};

async function scannerFor(data: ScanWorkerData): Promise<ChunkScanner> {
  const decoder = new PartDecoder(data.registry ? registry.schemas : null);
  const readers = await recordReaders(data.decoding, decoder, data.registry ? registry : null);
  const { filter, text, undecodable, view } = data.match;
  return ChunkScanner.create(readers, { filter: filter ? (await celFilter()).compileFilter(filter) : undefined, text, undecodable, view });
}

/** The scanner of the scan set up last: jobs arrive after their scan's setup. */
let scanner: Promise<ChunkScanner> = Promise.reject(new Error('the scan worker was given a job before its scan was set up'));
scanner.catch(() => undefined);

// One chunk at a time: a scanner's counters are drained per chunk.
let turn: Promise<void> = Promise.resolve();
port.on('message', (m: ToWorker) => {
  if (m.type === 'lookup-reply') {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error) w?.reject(m.error.code ? new FloeError(m.error.code as ErrorCode, m.error.message) : new Error(m.error.message));
    else w?.resolve(m.value);
    return;
  }
  if (m.type === 'setup') {
    scanner = scannerFor(m.data);
    scanner.then(
      () => send({ type: 'ready', scan: m.scan }),
      () => undefined, // reported with every job
    );
    return;
  }
  const current = scanner;
  // The bytes' buffer goes back with the answer (nothing built from the chunk refers into it: decoded bytes are base64).
  const buffer = m.job.bytes?.buffer as ArrayBuffer | undefined;
  const back = buffer ? { buffer } : {};
  const transfer = buffer ? [buffer] : [];
  turn = turn.then(async () => {
    try {
      const result = await (await current).scan(m.job);
      // A frame's columns are buffers of their own: moved, not copied.
      const frame = result.frame ? [result.frame.numbers.buffer, result.frame.codes.buffer, result.frame.previewEnds.buffer] : [];
      send({ type: 'result', id: m.id, result, ...back }, [...transfer, ...(frame as ArrayBuffer[])]);
    } catch (e) {
      send({ type: 'job-error', id: m.id, message: (e as Error)?.message ?? String(e), ...(e instanceof FloeError ? { code: e.code } : {}), ...back }, transfer);
    }
  });
});
