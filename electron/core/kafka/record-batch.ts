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
 * cut it) is left out; `partialTail` says whether one was.
 */
export function splitBatches(buf: Buffer): { batches: BatchInfo[]; partialTail: boolean; legacyMagic?: number } {
  const batches: BatchInfo[] = [];
  let pos = 0;
  while (pos + 17 <= buf.length) {
    const batchLength = buf.readInt32BE(pos + 8);
    const end = pos + 12 + batchLength;
    if (end > buf.length) return { batches, partialTail: true };
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

/** A zig-zag varint (exact up to 2^53); one-byte values take the short path. */
function varint(): number {
  const first = body[pos++];
  if (first === undefined) throw new RangeError('record runs past the end of its batch');
  let result: number;
  if ((first & 0x80) === 0) result = first;
  else {
    result = first & 0x7f;
    let mul = 128;
    let b: number;
    do {
      if (pos >= body.length) throw new RangeError('record runs past the end of its batch');
      b = body[pos++]!;
      result += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80);
  }
  return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
}

function bytes(): Buffer | null {
  const len = varint();
  if (len < 0) return null;
  if (pos + len > body.length) throw new RangeError('record runs past the end of its batch');
  const view = body.subarray(pos, pos + len);
  pos += len;
  return view;
}

const NO_HEADERS: RawHeader[] = [];

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
  if (kept && kept.length === len) {
    let i = 0;
    while (i < len && body[start + i] === kept[i]) i++;
    if (i === len) return keptText[index]!;
  }
  const text = body.toString('utf8', start, pos);
  keptBytes[index] = Buffer.from(body.subarray(start, pos)); // a copy: the response buffer is not kept alive
  keptText[index] = text;
  return text;
}

/** The records of one batch whose records section is already uncompressed; those below `fromOffset` are skipped. */
export function readRecords(batch: BatchInfo, records: Buffer, fromOffset: number, out: RawRecord[]): void {
  const { baseTimestamp, baseOffset } = batch;
  body = records;
  pos = 0;
  for (let i = 0; i < batch.recordCount && pos < body.length; i++) {
    const length = varint();
    const end = pos + length;
    pos += 1; // attributes
    const timestampDelta = varint();
    const offset = baseOffset + varint();
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
      timestamp: batch.logAppendTime ? batch.maxTimestamp : baseTimestamp + timestampDelta,
      timestampType: batch.logAppendTime ? 1 : 0,
      key,
      value,
      headers,
      size,
    });
  }
  body = EMPTY;
}
