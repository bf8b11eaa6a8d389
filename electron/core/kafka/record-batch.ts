import { spanAt, varintAt, varintEnd } from './record-varints';

/**
 * Kafka record batches (magic v2) straight from a Fetch response's bytes, without kafkajs's per-field
 * decoder objects: keys, values and header values stay views into the response buffer.
 */
export interface RawHeader {
  key: string;
  value: Buffer | null;
}

export interface RawRecord {
  offset: number;
  timestamp: number;
  /** 0: the producer's create time; 1: the broker's log-append time. */
  timestampType: 0 | 1;
  key: Buffer | null;
  value: Buffer | null;
  headers: RawHeader[];
  /** Bytes of key + value + header keys and values. */
  size: number;
}

export interface BatchInfo {
  baseOffset: number;
  /** The offset after the batch's last record (compaction can leave gaps inside). */
  nextOffset: number;
  compression: number;
  control: boolean;
  transactional: boolean;
  logAppendTime: boolean;
  baseTimestamp: number;
  maxTimestamp: number;
  /** The producer id (-1 without one): read_committed drops batches of aborted transactions by it. */
  producerId: number;
  recordCount: number;
  /** The records section (compressed when compression ≠ 0). */
  records: Buffer;
}

export const BATCH_HEADER_BYTES = 61;
export const COMPRESSION_NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

const int64 = (buf: Buffer, at: number) => buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);

/**
 * Splits a partition's records bytes into batches. A trailing partial batch (the response's size limit
 * cut it) is left out; `partialTail` says whether one was, `tailBytes` how large its header says it is.
 */
export function splitBatches(buf: Buffer): { batches: BatchInfo[]; partialTail: boolean; tailBytes?: number; legacyMagic?: number } {
  const batches: BatchInfo[] = [];
  let pos = 0;
  while (pos + 17 <= buf.length) {
    const batchLength = buf.readInt32BE(pos + 8);
    const end = pos + 12 + batchLength;
    if (end > buf.length) return { batches, partialTail: true, tailBytes: end - pos };
    const magic = buf.readInt8(pos + 16);
    if (magic !== 2) return { batches, partialTail: false, legacyMagic: magic };
    const attributes = buf.readInt16BE(pos + 21);
    const baseOffset = int64(buf, pos);
    batches.push({
      baseOffset,
      nextOffset: baseOffset + buf.readInt32BE(pos + 23) + 1,
      compression: attributes & 0x07,
      logAppendTime: (attributes & 0x08) !== 0,
      transactional: (attributes & 0x10) !== 0,
      control: (attributes & 0x20) !== 0,
      baseTimestamp: int64(buf, pos + 27),
      maxTimestamp: int64(buf, pos + 35),
      producerId: int64(buf, pos + 43),
      recordCount: buf.readInt32BE(pos + 57),
      records: buf.subarray(pos + BATCH_HEADER_BYTES, end),
    });
    pos = end;
  }
  return { batches, partialTail: pos < buf.length };
}

// Cursor state for readRecords, kept at module level so the hot loop allocates no closures.
const EMPTY = Buffer.alloc(0);
let body: Buffer = EMPTY;
let pos = 0;

/** The varint at the cursor; advances past it. */
function varint(): number {
  const v = varintAt(body, pos);
  pos = varintEnd;
  return v;
}

function bytes(): Buffer | null {
  const len = varint();
  if (len < 0) return null;
  if (pos + len > body.length) throw new RangeError('record runs past the end of its batch');
  const view = body.subarray(pos, pos + len);
  pos += len;
  return view;
}

/** The headers of every record without any (shared: never written to). */
export const NO_HEADERS: RawHeader[] = [];

/** Whether `src` holds `kept` at [at, at + length): what the caches of repeating header keys and values check. */
export function sameBytes(src: Uint8Array, at: number, length: number, kept: Uint8Array): boolean {
  if (kept.length !== length) return false;
  for (let i = 0; i < length; i++) if (src[at + i] !== kept[i]) return false;
  return true;
}

// Header keys repeat record after record: the key read at each header index is kept (bytes and text) and its
// text reused while the bytes are the same, so most records make no key strings or views.
const KEYS_KEPT = 32;
const keptBytes: (Buffer | null)[] = new Array<Buffer | null>(KEYS_KEPT).fill(null);
const keptText: string[] = new Array<string>(KEYS_KEPT).fill('');

/** Bytes of the last key headerKey read. */
let keyLength = 0;

/** A header key (a null key reads as ''); advances past it. */
function headerKey(index: number): string {
  const len = varint();
  keyLength = Math.max(0, len);
  if (len < 0) return '';
  const start = pos;
  if (start + len > body.length) throw new RangeError('record runs past the end of its batch');
  pos += len;
  if (index >= KEYS_KEPT) return body.toString('utf8', start, pos);
  const kept = keptBytes[index];
  if (kept && sameBytes(body, start, len, kept)) return keptText[index]!;
  const text = body.toString('utf8', start, pos);
  keptBytes[index] = Buffer.from(body.subarray(start, pos)); // a copy: the response buffer is not kept alive
  keptText[index] = text;
  return text;
}

/** The record head recordHead() read last: its timestamp and offset deltas. */
const head = { timestampDelta: 0, offsetDelta: 0 };

/** Reads the head of the record at `pos` (length, attributes, timestamp and offset deltas) into `head`; where the record ends. */
function recordHead(): number {
  const length = varint();
  const end = pos + length;
  pos += 1; // attributes
  head.timestampDelta = varint();
  head.offsetDelta = varint();
  return end;
}

/** The timestamp of the record recordHead() read last. */
const recordTimestamp = (batch: BatchInfo) => (batch.logAppendTime ? batch.maxTimestamp : batch.baseTimestamp + head.timestampDelta);

/** The records of one batch whose records section is already uncompressed; those below `fromOffset` are skipped. */
export function readRecords(batch: BatchInfo, records: Buffer, fromOffset: number, out: RawRecord[]): void {
  const { baseOffset } = batch;
  body = records;
  pos = 0;
  for (let i = 0; i < batch.recordCount && pos < body.length; i++) {
    const end = recordHead();
    const offset = baseOffset + head.offsetDelta;
    if (offset < fromOffset) {
      pos = end;
      continue;
    }
    const key = bytes();
    const value = bytes();
    const headerCount = varint();
    let size = (key === null ? 0 : key.length) + (value === null ? 0 : value.length);
    let headers = NO_HEADERS;
    if (headerCount > 0) {
      headers = [];
      for (let h = 0; h < headerCount; h++) {
        const key = headerKey(h);
        const v = bytes();
        size += keyLength + (v === null ? 0 : v.length);
        headers.push({ key, value: v });
      }
    }
    pos = end;
    out.push({
      offset,
      timestamp: recordTimestamp(batch),
      timestampType: batch.logAppendTime ? 1 : 0,
      key,
      value,
      headers,
      size,
    });
  }
  body = EMPTY;
}

/**
 * Where one record's parts lie in its batch's records section, without reading them into objects: one object
 * reused record after record (a replay copies records a byte range at a time). Lengths are -1 for null.
 * Header h: the whole header (lengths included) at [headerAt[h], headerEnd[h]), its key's bytes at
 * hKeyAt[h] (hKeyLength[h] long), its value's at hValueAt[h] (hValueLength[h] long).
 */
export class RecordLayout {
  offset = 0;
  timestamp = 0;
  timestampType: 0 | 1 = 0;
  /** Key and value as encoded (with their varint lengths): [kvStart, kvEnd). */
  kvStart = 0;
  kvEnd = 0;
  keyAt = 0;
  keyLength = -1;
  valueAt = 0;
  valueLength = -1;
  headerCount = 0;
  headerAt = new Int32Array(16);
  headerEnd = new Int32Array(16);
  hKeyAt = new Int32Array(16);
  hKeyLength = new Int32Array(16);
  hValueAt = new Int32Array(16);
  hValueLength = new Int32Array(16);

  grow(n: number): void {
    if (n <= this.headerAt.length) return;
    const size = Math.max(n, this.headerAt.length * 2);
    for (const f of ['headerAt', 'headerEnd', 'hKeyAt', 'hKeyLength', 'hValueAt', 'hValueLength'] as const) {
      const next = new Int32Array(size);
      next.set(this[f]);
      this[f] = next;
    }
  }
}

/** Past varint-length-prefixed bytes, checked as bytes() checks them; their length (-1: null). */
function span(): number {
  const len = spanAt(body, pos);
  pos = varintEnd + Math.max(0, len);
  return len;
}

/**
 * Visits the records of one batch (records section uncompressed) with offsets in [from, to), each as its
 * layout in `records`; stops early when `visit` returns false.
 */
export function visitRecordLayouts(batch: BatchInfo, records: Buffer, from: number, to: number, layout: RecordLayout, visit: (l: RecordLayout) => boolean | void): void {
  const { baseOffset } = batch;
  layout.timestampType = batch.logAppendTime ? 1 : 0;
  body = records;
  pos = 0;
  try {
    for (let i = 0; i < batch.recordCount && pos < body.length; i++) {
      const end = recordHead();
      const offset = baseOffset + head.offsetDelta;
      if (offset < from) {
        pos = end;
        continue;
      }
      if (offset >= to) break;
      layout.offset = offset;
      layout.timestamp = recordTimestamp(batch);
      layout.kvStart = pos;
      layout.keyLength = span();
      layout.keyAt = pos - Math.max(0, layout.keyLength);
      layout.valueLength = span();
      layout.valueAt = pos - Math.max(0, layout.valueLength);
      layout.kvEnd = pos;
      const headerCount = varint();
      layout.grow(headerCount);
      layout.headerCount = headerCount;
      for (let h = 0; h < headerCount; h++) {
        layout.headerAt[h] = pos;
        const keyLength = span();
        layout.hKeyLength[h] = keyLength;
        layout.hKeyAt[h] = pos - Math.max(0, keyLength);
        const valueLength = span();
        layout.hValueLength[h] = valueLength;
        layout.hValueAt[h] = pos - Math.max(0, valueLength);
        layout.headerEnd[h] = pos;
      }
      if (pos !== end) throw new RangeError(`the record at offset ${offset} says it is ${length} bytes long, its fields take ${length + pos - end}`);
      const more = visit(layout);
      body = records; // in case `visit` read another batch
      pos = end;
      if (more === false) break;
    }
  } finally {
    body = EMPTY;
  }
}

/** The record a layout describes, as readRecords reads it (views into `records`). */
export function rawRecordOf(l: RecordLayout, records: Buffer): RawRecord {
  const view = (at: number, length: number) => (length < 0 ? null : records.subarray(at, at + length));
  const key = view(l.keyAt, l.keyLength);
  const value = view(l.valueAt, l.valueLength);
  let size = (key?.length ?? 0) + (value?.length ?? 0);
  const headers: RawHeader[] = [];
  for (let h = 0; h < l.headerCount; h++) {
    const v = view(l.hValueAt[h]!, l.hValueLength[h]!);
    const keyLength = Math.max(0, l.hKeyLength[h]!);
    size += keyLength + (v?.length ?? 0);
    headers.push({ key: records.toString('utf8', l.hKeyAt[h]!, l.hKeyAt[h]! + keyLength), value: v });
  }
  return { offset: l.offset, timestamp: l.timestamp, timestampType: l.timestampType, key, value, headers, size };
}
