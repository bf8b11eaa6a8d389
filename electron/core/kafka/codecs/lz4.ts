const FRAME_MAGIC = 0x184d2204;
const BLOCK_MAX = [0, 0, 0, 0, 64 << 10, 256 << 10, 1 << 20, 4 << 20];
const UNCOMPRESSED = 0x80000000;

const corrupt = (why: string) => new Error(`corrupt LZ4 data: ${why}`);

/**
 * An LZ4-frame-compressed records section (what Kafka's magic-v2 batches hold, from Java and librdkafka alike):
 * independent or linked blocks, with or without content size and checksums (read past, not verified, as the batch's
 * CRC-32C is not: like librdkafka by default, check.crcs=false, the reader trusts what the broker stored). The output
 * is the size the frame decodes to, not its declared block maximum (librdkafka declares 4 MiB blocks for 64 KiB).
 */
export function unlz4(body: Buffer): Buffer {
  if (body.length < 7 || body.readUInt32LE(0) !== FRAME_MAGIC) throw new Error('lz4 data does not start with an LZ4 frame header');
  const flags = body[4]!;
  if (flags >> 6 !== 1) throw corrupt(`frame version ${flags >> 6} (only 1 exists)`);
  const blockChecksums = (flags & 0x10) !== 0;
  const maxBlock = BLOCK_MAX[(body[5]! >> 4) & 7]!;
  if (maxBlock === 0) throw corrupt('unknown block maximum size');
  let s = 6;
  if (flags & 0x08) {
    const size = Number(body.readBigUInt64LE(s));
    if (size > 1 << 30) throw corrupt(`declared content size ${size} bytes`);
    s += 8;
  }
  if (flags & 0x01) s += 4; // dictionary id
  s += 1; // header checksum
  let d = 0;
  for (;;) {
    if (s + 4 > body.length) throw corrupt('the frame ends before its end mark');
    const word = body.readUInt32LE(s);
    s += 4;
    if (word === 0) break;
    const size = word & ~UNCOMPRESSED & 0x7fffffff;
    if (s + size > body.length) throw corrupt(`a block of ${size} bytes runs past the end`);
    if (word & UNCOMPRESSED && size > maxBlock) throw corrupt(`a block of ${size} bytes, past the frame's ${maxBlock}-byte maximum`);
    const dst = room(d, maxBlock);
    if (word & UNCOMPRESSED) {
      body.copy(dst, d, s, s + size);
      d += size;
    } else d = decodeBlock(body, s, s + size, dst, d, d + maxBlock);
    s += size + (blockChecksums ? 4 : 0);
  }
  // A content checksum may follow: not verified, as the block checksums.
  const out = Buffer.from(scratch.subarray(0, d));
  if (scratch.length > KEEP_SCRATCH) scratch = Buffer.allocUnsafeSlow(0); // a frame far larger than Kafka's usual
  return out;
}

/**
 * Where blocks decode, one frame at a time (the decoder never awaits, so one serves the thread): room for the frame's
 * block maximum past what is decoded so far, then the frame's bytes are copied out at their size. Reserving the block
 * maximum per batch instead (4 MiB in librdkafka's frames) allocated that much for every batch, and on scan workers
 * their memory grew search after search; reading each block's size from its sequences first cost ~14% of decoding.
 */
let scratch = Buffer.allocUnsafeSlow(0);
const KEEP_SCRATCH = 8 << 20;

function room(used: number, more: number): Buffer {
  if (used + more <= scratch.length) return scratch;
  const next = Buffer.allocUnsafeSlow(Math.max(used + more, scratch.length * 2));
  scratch.copy(next, 0, 0, used);
  return (scratch = next);
}

/** Where the last lengthAt() stopped reading (one number back without an object per sequence). */
let after = 0;

/** A sequence's literal or match length: its 4-bit `nibble`, extended by bytes from `s` while they are 255. */
function lengthAt(src: Buffer, s: number, end: number, nibble: number): number {
  let n = nibble;
  if (n === 15) {
    let b: number;
    do {
      b = src[s++]!;
      n += b;
    } while (b === 255 && s < end);
  }
  after = s;
  return n;
}

/** One LZ4 block (sequences of literals and back-references) into `dst` from `d`, never past `limit`. */
function decodeBlock(src: Buffer, s: number, end: number, dst: Buffer, d: number, limit: number): number {
  const tooLong = () => corrupt(`a block decodes past the frame's ${limit - start}-byte maximum`);
  const start = d;
  while (s < end) {
    const token = src[s++]!;
    const literals = lengthAt(src, s, end, token >>> 4);
    s = after;
    if (s + literals > end) throw corrupt('literals run past the block');
    if (d + literals > limit) throw tooLong();
    if (literals < 16) for (let i = 0; i < literals; i++) dst[d++] = src[s++]!;
    else {
      src.copy(dst, d, s, s + literals);
      s += literals;
      d += literals;
    }
    if (s >= end) break; // the last sequence has literals only
    const offset = src[s]! | (src[s + 1]! << 8);
    s += 2;
    const length = lengthAt(src, s, end, token & 15) + 4;
    s = after;
    if (offset === 0 || offset > d) throw corrupt(`a match ${offset} bytes back from byte ${d}`);
    if (d + length > limit) throw tooLong();
    let m = d - offset;
    if (offset >= length && length > 16) {
      dst.copyWithin(d, m, m + length);
      d += length;
    } else for (const stop = d + length; d < stop; ) dst[d++] = dst[m++]!; // overlapping: a run repeats itself
  }
  return d;
}
