const FRAME_MAGIC = 0x184d2204;
const BLOCK_MAX = [0, 0, 0, 0, 64 << 10, 256 << 10, 1 << 20, 4 << 20];
const UNCOMPRESSED = 0x80000000;

const corrupt = (why: string) => new Error(`corrupt LZ4 data: ${why}`);

/**
 * An LZ4-frame-compressed records section (what Kafka's magic-v2 batches hold, from Java and librdkafka alike):
 * independent or linked blocks, with or without content size and checksums (read past, not verified: the
 * batch's CRC-32C already covers these bytes). The output grows by each block's decoded size (read from its sequence
 * headers first) instead of being sized for the frame's declared block maximum (librdkafka declares 4 MiB blocks for
 * 64 KiB of data).
 */
export function unlz4(body: Buffer): Buffer {
  if (body.length < 7 || body.readUInt32LE(0) !== FRAME_MAGIC) throw new Error('lz4 data does not start with an LZ4 frame header');
  const flags = body[4]!;
  if (flags >> 6 !== 1) throw corrupt(`frame version ${flags >> 6} (only 1 exists)`);
  const blockChecksums = (flags & 0x10) !== 0;
  const contentSize = (flags & 0x08) !== 0;
  const maxBlock = BLOCK_MAX[(body[5]! >> 4) & 7]!;
  if (maxBlock === 0) throw corrupt('unknown block maximum size');
  let s = 6;
  let out: Buffer = Buffer.allocUnsafe(Math.max(1024, body.length * 4));
  if (contentSize) {
    const size = Number(body.readBigUInt64LE(s));
    if (size > 1 << 30) throw corrupt(`declared content size ${size} bytes`);
    out = Buffer.allocUnsafe(size + 16);
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
    const need = word & UNCOMPRESSED ? size : decodedSize(body, s, s + size);
    if (need > maxBlock) throw corrupt(`a block decodes to ${need} bytes, past the frame's ${maxBlock}-byte maximum`);
    if (d + need > out.length) out = grow(out, d, d + need);
    if (word & UNCOMPRESSED) {
      body.copy(out, d, s, s + size);
      d += size;
    } else d = decodeBlock(body, s, s + size, out, d, d + need);
    s += size + (blockChecksums ? 4 : 0);
  }
  return out.subarray(0, d); // a content checksum may follow: not verified, as the block checksums
}

function grow(out: Buffer, used: number, need: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(need, out.length * 2));
  out.copy(next, 0, 0, used);
  return next;
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

/**
 * The bytes one LZ4 block decodes to, from its sequence headers alone (nothing copied), so the output grows by what
 * the block holds: reserving the frame's block maximum per block (4 MiB in librdkafka's frames) allocated that much
 * for every batch, however small, and on scan workers their memory grew search after search.
 */
function decodedSize(src: Buffer, s: number, end: number): number {
  let n = 0;
  while (s < end) {
    const token = src[s++]!;
    const literals = lengthAt(src, s, end, token >>> 4);
    s = after + literals;
    n += literals;
    if (s >= end) break;
    n += lengthAt(src, s + 2, end, token & 15) + 4; // past the 2-byte match offset
    s = after;
  }
  return n;
}

/** One LZ4 block (sequences of literals and back-references) into `dst` from `d`, never past `limit`. */
function decodeBlock(src: Buffer, s: number, end: number, dst: Buffer, d: number, limit: number): number {
  while (s < end) {
    const token = src[s++]!;
    const literals = lengthAt(src, s, end, token >>> 4);
    s = after;
    if (s + literals > end || d + literals > limit) throw corrupt('literals run past the block');
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
    if (d + length > limit) throw corrupt('a match runs past the block');
    let m = d - offset;
    if (offset >= length && length > 16) {
      dst.copyWithin(d, m, m + length);
      d += length;
    } else for (const stop = d + length; d < stop; ) dst[d++] = dst[m++]!; // overlapping: a run repeats itself
  }
  return d;
}
