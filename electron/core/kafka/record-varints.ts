// The varints of Kafka records (zig-zag, exact up to 2^53), read at a position given rather than through a cursor:
// readRecordSpans, a scan's hot loop, keeps its position in a local. Where a read ends is left in varintEnd.

/** Where the varint varintAt() or spanAt() read last ends. */
export let varintEnd = 0;

/**
 * The zig-zag varint at `at` of `buf`, which must end by `end`; sets varintEnd past it. A hot loop passes `end`
 * (the buffer's length, read once): reading `buf.length` at every check measured ~10% slower.
 */
export function varintAt(buf: Buffer, at: number, end = buf.length): number {
  if (at >= end) throw new RangeError('record runs past the end of its batch');
  let b = buf[at++]!;
  let result = b & 0x7f;
  if (b & 0x80) {
    let mul = 128;
    do {
      if (at >= end) throw new RangeError('record runs past the end of its batch');
      b = buf[at++]!;
      result += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80);
  }
  varintEnd = at;
  return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
}

/**
 * The length of the varint-length-prefixed bytes at `at` (-1 for null), refused if they run past `end`; sets
 * varintEnd to where the bytes start.
 */
export function spanAt(buf: Buffer, at: number, end = buf.length): number {
  const length = varintAt(buf, at, end);
  if (length < 0) return -1;
  if (varintEnd + length > end) throw new RangeError('record runs past the end of its batch');
  return length;
}
