import { decompress } from './compression';
import type { FetchedPartition } from './fetch-request';
import { BATCH_HEADER_BYTES, readRecords, splitBatches, type BatchInfo, type RawRecord } from './record-batch';
import { readRecordSpans, type RecordSpans } from './record-spans';

export interface ChunkRecords {
  records: RawRecord[];
  /** Where the next fetch of the partition starts. */
  nextOffset: number;
  /** Message format v0/v1 batches (pre-0.11), which Floe does not read: nothing was read past them. */
  legacyMagic?: number;
  /** Batches that could not be read (a codec or layout failure), by base offset; only when `tolerant`. */
  unreadable: { offset: number; message: string }[];
}

export interface ChunkReadOptions {
  /** READ_COMMITTED: a producer's batches from an aborted transaction's first offset up to its abort marker are dropped. */
  aborted?: FetchedPartition['abortedTransactions'] | null;
  /** Stop once this many records are read (the next fetch goes on from there). */
  maxRecords?: number;
  /** Skip a batch that cannot be read (listing it in `unreadable`) instead of throwing. */
  tolerant?: boolean;
}

const asBuffer = (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
const unreadableBatch = (batch: BatchInfo, e: unknown) => `the batch at offset ${batch.baseOffset} cannot be read: ${(e as Error).message}`;

/**
 * The records at or after `from` in a partition's Fetch bytes: batches split, decompressed and read. Pure
 * (no sockets), so a scan runs it on a worker thread as well as in the core. Throws a plain Error naming the
 * batch's offset when a batch cannot be read (unless `tolerant`).
 */
export async function readChunk(bytes: Uint8Array | null, from: number, options: ChunkReadOptions = {}): Promise<ChunkRecords> {
  const records: RawRecord[] = [];
  const unreadable: ChunkRecords['unreadable'] = [];
  if (!bytes || bytes.length === 0) return { records, nextOffset: from, unreadable };
  const { batches, legacyMagic } = splitBatches(asBuffer(bytes));
  const { aborted = null, maxRecords = Infinity } = options;
  let nextOffset = from;
  for (const { batch, read } of batchesPast(batches, from, aborted)) {
    if (records.length >= maxRecords) break;
    nextOffset = batch.nextOffset;
    if (!read) continue;
    const before = records.length;
    try {
      readRecords(batch, await decompress(batch.compression, batch.records), from, records);
    } catch (e) {
      const message = unreadableBatch(batch, e);
      if (!options.tolerant) throw new Error(message, { cause: e });
      records.length = before; // none of a broken batch's records, not just the ones before the break
      unreadable.push({ offset: Math.max(batch.baseOffset, from), message });
    }
  }
  return { records, nextOffset, unreadable, ...(batches.length === 0 && legacyMagic !== undefined ? { legacyMagic } : {}) };
}

export interface ChunkSpans {
  /** Each read batch's records section (uncompressed) and where its records at or after `from` lie in it. */
  batches: { section: Buffer; spans: RecordSpans }[];
  unreadable: ChunkRecords['unreadable'];
}

/**
 * readChunk (tolerant) for a scan: the same batches and records, with the same failures, but as spans of each
 * batch's section instead of a RawRecord each (see RecordSpans). A batch that cannot be read has no records.
 */
export async function readChunkSpans(bytes: Uint8Array | null, from: number): Promise<ChunkSpans> {
  const out: ChunkSpans = { batches: [], unreadable: [] };
  if (!bytes || bytes.length === 0) return out;
  for (const { batch, read } of batchesPast(splitBatches(asBuffer(bytes)).batches, from, null)) {
    if (!read) continue;
    try {
      const section = await decompress(batch.compression, batch.records);
      const spans = readRecordSpans(batch, section, from);
      if (spans.count > 0) out.batches.push({ section, spans });
    } catch (e) {
      out.unreadable.push({ offset: Math.max(batch.baseOffset, from), message: unreadableBatch(batch, e) });
    }
  }
  return out;
}

/**
 * The batches that end past `from`, in order, each with whether it holds records to read: not a transaction
 * marker, and (under READ_COMMITTED, `aborted` given) not a batch of a transaction that aborted.
 */
export function* batchesPast(batches: BatchInfo[], from: number, aborted: ChunkReadOptions['aborted'] = null): Generator<{ batch: BatchInfo; read: boolean }> {
  const pendingAborts = aborted ? [...aborted].sort((a, b) => a.firstOffset - b.firstOffset) : [];
  const abortedProducers = new Set<number>();
  for (const batch of batches) {
    while (pendingAborts.length > 0 && pendingAborts[0]!.firstOffset < batch.nextOffset) abortedProducers.add(pendingAborts.shift()!.producerId);
    const skipAborted = aborted !== null && batch.transactional && abortedProducers.has(batch.producerId);
    if (aborted !== null && batch.control && abortedProducers.has(batch.producerId) && isAbortMarker(batch)) abortedProducers.delete(batch.producerId);
    if (batch.nextOffset <= from) continue;
    yield { batch, read: !batch.control && !skipAborted }; // transaction markers occupy an offset but are not records
  }
}

/**
 * Where the next fetch starts after these bytes, and the bytes of their largest batch (a cut one by the size its header
 * declares; 0 without any), from the batch headers alone (no decompression).
 */
export function chunkEnd(bytes: Buffer | null, from: number): { nextOffset: number; largestBatch: number; legacyMagic?: number } {
  if (!bytes || bytes.length === 0) return { nextOffset: from, largestBatch: 0 };
  const { batches, tailBytes = 0, legacyMagic } = splitBatches(bytes);
  const last = batches[batches.length - 1];
  const largestBatch = batches.reduce((n, b) => Math.max(n, BATCH_HEADER_BYTES + b.records.length), tailBytes);
  return { nextOffset: last && last.nextOffset > from ? last.nextOffset : from, largestBatch, ...(batches.length === 0 && legacyMagic !== undefined ? { legacyMagic } : {}) };
}

/** A control batch's record key: version (int16), then type (int16): 0 abort, 1 commit. */
function isAbortMarker(batch: BatchInfo): boolean {
  const out: RawRecord[] = [];
  try {
    readRecords(batch, batch.records, -1, out); // control batches are never compressed
  } catch {
    return false;
  }
  const key = out[0]?.key;
  return key !== null && key !== undefined && key.length >= 4 && key.readInt16BE(2) === 0;
}
