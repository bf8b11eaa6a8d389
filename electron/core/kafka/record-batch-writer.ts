import { BATCH_HEADER_BYTES } from './record-batch';
import { WireWriter } from './wire-writer';

/** A record to write: bytes exactly as given (null key, value or header value stay null). */
export interface OutRecord {
  key: Uint8Array | null;
  value: Uint8Array | null;
  /** In order; the same key may repeat. */
  headers: { key: string; value: Uint8Array | null }[];
  timestamp: number;
}

// Slicing-by-8 tables: eight bytes per step (about 5× the byte-at-a-time loop in V8).
const CRC32C_TABLES = (() => {
  const t = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[0]![n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) for (let k = 1; k < 8; k++) t[k]![n] = (t[0]![t[k - 1]![n]! & 0xff]! ^ (t[k - 1]![n]! >>> 8)) >>> 0;
  return t;
})();

/** CRC-32C (Castagnoli), the record batch checksum. */
export function crc32c(bytes: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC32C_TABLES as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  let crc = 0xffffffff;
  let i = 0;
  const end8 = bytes.length - 7;
  for (; i < end8; i += 8) {
    const lo = (crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))) >>> 0;
    crc = t7[lo & 0xff]! ^ t6[(lo >>> 8) & 0xff]! ^ t5[(lo >>> 16) & 0xff]! ^ t4[lo >>> 24]! ^ t3[bytes[i + 4]!]! ^ t2[bytes[i + 5]!]! ^ t1[bytes[i + 6]!]! ^ t0[bytes[i + 7]!]!;
  }
  for (; i < bytes.length; i++) crc = t0[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Bytes a record adds to a batch, roughly (for splitting large sends into batches). */
export function recordSize(r: OutRecord): number {
  let n = 24 + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  for (const h of r.headers) n += 10 + Buffer.byteLength(h.key) + (h.value?.length ?? 0);
  return n;
}

/** An idempotent or transactional producer's identity and the batch's first sequence number. */
export interface BatchProducer {
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  transactional: boolean;
}

/** A batch's records section, encoded (what the batch header frames), with what the header says of it. */
export interface EncodedRecords {
  bytes: Uint8Array;
  count: number;
  baseTimestamp: number;
  maxTimestamp: number;
}

/**
 * Writes records one by one into a batch's records section: `begin` (timestamp, key, value), its headers
 * (`header`, or spliced already encoded with `rawHeaders`), `end`. The same bytes encodeRecordBatch writes.
 */
export class RecordsWriter {
  private readonly out: WireWriter;
  private readonly head = new WireWriter(512);
  private readonly tail = new WireWriter(256);
  private headers = 0;
  count = 0;
  private baseTimestamp = 0;
  private maxTimestamp = 0;

  constructor(initial = 1024) {
    this.out = new WireWriter(initial);
  }

  /** Bytes written so far. */
  get size(): number {
    return this.out.length;
  }

  begin(timestamp: number, key: Uint8Array | null, value: Uint8Array | null): this {
    if (this.count === 0) this.baseTimestamp = this.maxTimestamp = timestamp;
    else if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
    this.head.reset().int8(0).varint(timestamp - this.baseTimestamp).varint(this.count).varBytes(key).varBytes(value);
    this.tail.reset();
    this.headers = 0;
    return this;
  }

  header(key: Uint8Array, value: Uint8Array | null): this {
    this.tail.varBytes(key).varBytes(value);
    this.headers++;
    return this;
  }

  /** `count` headers already encoded as the record format has them (varint-length key, varint-length value). */
  rawHeaders(bytes: Uint8Array, count: number): this {
    this.tail.raw(bytes);
    this.headers += count;
    return this;
  }

  /** The open record's headers go on with the decimal text of `n` as a header value. */
  decimalValue(n: number): this {
    this.tail.varDecimal(n);
    return this;
  }

  end(): void {
    this.head.varint(this.headers);
    this.out.varint(this.head.length + this.tail.length).raw(this.head.slice()).raw(this.tail.slice());
    this.count++;
  }

  done(): EncodedRecords {
    return { bytes: this.out.slice(), count: this.count, baseTimestamp: this.baseTimestamp, maxTimestamp: this.maxTimestamp };
  }
}

/** Records as a records section, header keys encoded as UTF-8. */
export function encodeRecords(records: OutRecord[]): EncodedRecords {
  if (records.length === 0) throw new Error('a record batch needs at least one record');
  const w = new RecordsWriter(records.reduce((n, r) => n + recordSize(r), 0));
  for (const r of records) {
    w.begin(r.timestamp, r.key, r.value);
    for (const h of r.headers) w.header(Buffer.from(h.key, 'utf8'), h.value);
    w.end();
  }
  return w.done();
}

/**
 * One uncompressed record batch (magic v2, create time), as the Java client writes it: what kafkajs cannot
 * send exactly (null header values, header order across repeated keys). Without a producer: no producer id.
 */
export function encodeRecordBatch(records: OutRecord[] | EncodedRecords, producer?: BatchProducer): Buffer {
  const section = Array.isArray(records) ? encodeRecords(records) : records;
  const w = new WireWriter(BATCH_HEADER_BYTES + section.bytes.length);
  w.int64(0); // base offset: the broker assigns it
  const lengthAt = w.length;
  w.int32(0).int32(-1).int8(2); // batch length (patched below), partition leader epoch, magic
  const crcAt = w.length;
  w.int32(0); // crc (patched below)
  const attributesAt = w.length;
  w.int16(producer?.transactional ? 0x10 : 0).int32(section.count - 1).int64(section.baseTimestamp).int64(section.maxTimestamp);
  if (producer) w.int64(producer.producerId).int16(producer.producerEpoch).int32(producer.baseSequence);
  else w.int64(-1).int16(-1).int32(-1);
  w.int32(section.count).raw(section.bytes);
  w.int32At(lengthAt, w.length - lengthAt - 4);
  w.uint32At(crcAt, crc32c(w.slice(attributesAt)));
  return w.slice();
}
