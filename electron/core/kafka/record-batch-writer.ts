import { crc32c } from './crc32c';
import { BATCH_HEADER_BYTES } from './record-batch';
import { decimalDigits, varintSize, WireWriter } from './wire-writer';

/** A record to write: bytes exactly as given (null key, value or header value stay null). */
export interface OutRecord {
  key: Uint8Array | null;
  value: Uint8Array | null;
  /** In order; the same key may repeat. */
  headers: { key: string; value: Uint8Array | null }[];
  timestamp: number;
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
  /** The batch header's room followed by `bytes`: encodeRecordBatch writes the batch there, without a copy. */
  framed?: Buffer;
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

  /** Bytes left at the start for the batch header (`framed`), written there by encodeRecordBatch. */
  private readonly headroom: number;

  /** `framed`: the records are written after room for the batch header, so the batch needs no copy of them. */
  constructor(initial: number | Buffer = 1024, framed = false) {
    this.out = new WireWriter(initial);
    this.headroom = framed ? BATCH_HEADER_BYTES : 0;
    this.out.skip(this.headroom);
  }

  /** Bytes of records written so far. */
  get size(): number {
    return this.out.length - this.headroom;
  }

  /** The buffer written into (to give back to a pool once the batch is sent). */
  get buffer(): Buffer {
    return this.out.buffer;
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
    this.out.varint(this.head.length + this.tail.length).append(this.head).append(this.tail);
    this.count++;
  }

  /**
   * A record copied from a fetched batch's bytes (`src`): its key and value as encoded, the headers whose
   * ranges `kept` lists (start, end pairs, `keptCount` of them), then the headers `before`, the decimal text
   * of `decimal` as the value of the last of them, and `after`: `headers` in all.
   */
  copyRecord(timestamp: number, src: Buffer, kvStart: number, kvEnd: number, kept: Int32Array, keptCount: number, before: Uint8Array, decimal: number, after: Uint8Array, headers: number): void {
    if (this.count === 0) this.baseTimestamp = this.maxTimestamp = timestamp;
    else if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
    const delta = timestamp - this.baseTimestamp;
    const digits = decimalDigits(decimal);
    // The record's length comes first: summed here, so the record is written once, straight into the batch.
    let length = 1 + varintSize(delta) + varintSize(this.count) + (kvEnd - kvStart) + varintSize(headers) + before.length + varintSize(digits) + digits + after.length;
    for (let i = 0; i < keptCount; i++) length += kept[2 * i + 1]! - kept[2 * i]!;
    const o = this.out.varint(length).int8(0).varint(delta).varint(this.count).copy(src, kvStart, kvEnd).varint(headers);
    for (let i = 0; i < keptCount; i++) o.copy(src, kept[2 * i]!, kept[2 * i + 1]!);
    o.raw(before).varDecimal(decimal).raw(after);
    this.count++;
  }

  done(): EncodedRecords {
    const done: EncodedRecords = { bytes: this.out.slice(this.headroom), count: this.count, baseTimestamp: this.baseTimestamp, maxTimestamp: this.maxTimestamp };
    return this.headroom ? { ...done, framed: this.out.slice() } : done;
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
  const w = section.framed ? new WireWriter(section.framed) : new WireWriter(BATCH_HEADER_BYTES + section.bytes.length);
  w.int64(0); // base offset: the broker assigns it
  const lengthAt = w.length;
  w.int32(0).int32(-1).int8(2); // batch length (patched below), partition leader epoch, magic
  const crcAt = w.length;
  w.int32(0); // crc (patched below)
  const attributesAt = w.length;
  w.int16(producer?.transactional ? 0x10 : 0).int32(section.count - 1).int64(section.baseTimestamp).int64(section.maxTimestamp);
  if (producer) w.int64(producer.producerId).int16(producer.producerEpoch).int32(producer.baseSequence);
  else w.int64(-1).int16(-1).int32(-1);
  w.int32(section.count);
  if (section.framed) w.skip(section.bytes.length);
  else w.raw(section.bytes);
  w.int32At(lengthAt, w.length - lengthAt - 4);
  w.uint32At(crcAt, crc32c(w.slice(attributesAt)));
  return w.slice();
}
