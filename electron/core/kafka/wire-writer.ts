/** A growable big-endian buffer writer for the requests Floe encodes itself (Fetch, Produce, record batches). */
export class WireWriter {
  private buf: Buffer;
  private pos = 0;
  /** A size to allocate, or a buffer to write into from its start (grown into a new one if it runs out). */
  constructor(initial: number | Buffer = 256) {
    this.buf = typeof initial === 'number' ? Buffer.alloc(initial) : initial;
  }
  /** The buffer written into (the latest, if it grew). */
  get buffer(): Buffer {
    return this.buf;
  }
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  get length() {
    return this.pos;
  }
  int8(v: number) {
    this.room(1);
    this.pos = this.buf.writeInt8(v, this.pos);
    return this;
  }
  int16(v: number) {
    this.room(2);
    this.pos = this.buf.writeInt16BE(v, this.pos);
    return this;
  }
  int32(v: number) {
    this.room(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
    return this;
  }
  uint32At(at: number, v: number) {
    this.buf.writeUInt32BE(v, at);
    return this;
  }
  int32At(at: number, v: number) {
    this.buf.writeInt32BE(v, at);
    return this;
  }
  int64(v: number | bigint) {
    this.room(8);
    this.pos = this.buf.writeBigInt64BE(BigInt(v), this.pos);
    return this;
  }
  string(s: string) {
    const bytes = Buffer.from(s, 'utf8');
    this.room(2 + bytes.length);
    this.pos = this.buf.writeInt16BE(bytes.length, this.pos);
    this.pos += bytes.copy(this.buf, this.pos);
    return this;
  }
  raw(bytes: Uint8Array) {
    const n = bytes.length;
    this.room(n);
    if (n < 32) for (let i = 0; i < n; i++) this.buf[this.pos++] = bytes[i]!;
    else {
      this.buf.set(bytes, this.pos);
      this.pos += n;
    }
    return this;
  }
  /** Leaves `n` bytes to be written later (with int32At and the like, or in place). */
  skip(n: number) {
    this.room(n);
    this.pos += n;
    return this;
  }
  /** Bytes [start, end) of `src`, copied without making a view of them. */
  copy(src: Buffer, start: number, end: number) {
    const n = end - start;
    this.room(n);
    if (n < 32) for (let i = start; i < end; i++) this.buf[this.pos++] = src[i]!;
    else this.pos += src.copy(this.buf, this.pos, start, end);
    return this;
  }
  /** What another writer holds. */
  append(w: WireWriter) {
    this.room(w.pos);
    this.pos += w.buf.copy(this.buf, this.pos, 0, w.pos);
    return this;
  }
  /** An int32-length-prefixed byte array. */
  bytes(bytes: Uint8Array) {
    return this.int32(bytes.length).raw(bytes);
  }
  /** A zig-zag varint (record fields); exact for any safe integer. */
  varint(v: number) {
    if (v >= -0x40000000 && v < 0x40000000) {
      // 32-bit fast path (lengths, deltas, counts): no BigInt.
      let z = (v << 1) ^ (v >> 31);
      this.room(5);
      while (z >>> 7 !== 0) {
        this.buf[this.pos++] = (z & 0x7f) | 0x80;
        z >>>= 7;
      }
      this.buf[this.pos++] = z;
      return this;
    }
    let z = BigInt(v) >= 0n ? BigInt(v) * 2n : -BigInt(v) * 2n - 1n;
    this.room(10);
    while (z >= 0x80n) {
      this.buf[this.pos++] = Number(z & 0x7fn) | 0x80;
      z >>= 7n;
    }
    this.buf[this.pos++] = Number(z);
    return this;
  }
  /** The decimal text of a safe integer as varint-length-prefixed bytes, without making a string. */
  varDecimal(n: number) {
    if (!Number.isSafeInteger(n) || n < 0) return this.varBytes(Buffer.from(String(n), 'latin1'));
    const digits = decimalDigits(n);
    this.varint(digits);
    this.room(digits);
    for (let i = this.pos + digits - 1, x = n; i >= this.pos; i--, x = Math.floor(x / 10)) this.buf[i] = 48 + (x % 10);
    this.pos += digits;
    return this;
  }
  /** Varint-length-prefixed bytes; null as length -1. */
  varBytes(bytes: Uint8Array | null) {
    return bytes === null ? this.varint(-1) : this.varint(bytes.length).raw(bytes);
  }
  /** Empties the writer to write again (the buffer is kept). */
  reset() {
    this.pos = 0;
    return this;
  }
  slice(from = 0, to = this.pos): Buffer {
    return this.buf.subarray(from, to);
  }
  /** kafkajs's request framing takes any object with `buf`/`buffer` as an encoder. */
  done(): { buf: Buffer; buffer: Buffer } {
    const out = this.buf.subarray(0, this.pos);
    return { buf: out, buffer: out };
  }
}

/** Bytes of a zig-zag varint, as WireWriter.varint writes it. */
export function varintSize(v: number): number {
  let z = v >= 0 ? v * 2 : -v * 2 - 1;
  let n = 1;
  while (z >= 128) {
    z = Math.floor(z / 128);
    n++;
  }
  return n;
}

/** Digits of a non-negative safe integer's decimal text, as WireWriter.varDecimal writes it. */
export function decimalDigits(n: number): number {
  let digits = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
  return digits;
}
