import { DAY_MICROS as DAY_MICROS_BIG } from '../../lake/spec/types';
import type { Column, FixedColumn, ListColumn, StringColumn, StructColumn } from '../../lake/writer/chunk-columns';

// Avro binary → chunk columns (chunk-columns.ts), value by value with no decoded object in between: the landing
// writer's fast path for registry Avro. Each reader writes one value at a row of its column and moves the cursor. A
// value this path does not take exactly (bytes that are not valid Avro, a millisecond timestamp past the year 2255)
// throws NotDirect: the row is then given up and the record takes the decoder's path, which lands it or names what is
// wrong with it. So this path never decides that a record is bad, and what it lands equals what that path lands.

/** Where a read is in a record's Avro bytes. */
export class AvroCursor {
  buf: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;

  at(buf: Uint8Array, start: number, end: number): this {
    this.buf = buf;
    this.pos = start;
    this.end = end;
    return this;
  }
}

/** The direct path does not take this record (its decoder will). One instance: thrown per row given up, it needs no stack. */
export class NotDirect extends Error {}
const notDirect = new NotDirect('not for the direct path');

export type DirectRead = (c: AvroCursor, col: Column, row: number) => void;
/** Reads a whole record into the top-level columns (one per field, in order). */
export type DirectRecordRead = (c: AvroCursor, columns: Column[], row: number) => void;

/** A zigzag varint that fits 32 bits (ints, union branches, lengths and block counts of ordinary sizes). */
function readInt(c: AvroCursor): number {
  const buf = c.buf;
  let pos = c.pos;
  let b = buf[pos++]!;
  let n = b & 0x7f;
  let shift = 7;
  while (b & 0x80) {
    if (shift > 28) throw notDirect;
    b = buf[pos++]!;
    if (shift === 28 && b & 0x70) throw notDirect; // past 32 bits
    n |= (b & 0x7f) << shift;
    shift += 7;
  }
  if (pos > c.end) throw notDirect;
  c.pos = pos;
  return (n >>> 1) ^ -(n & 1);
}

/** A zigzag varint of up to 64 bits into two 32-bit halves (every long is exact, snowflake ids too). */
const long = { lo: 0, hi: 0 };
function readLong(c: AvroCursor): void {
  const buf = c.buf;
  let pos = c.pos;
  let lo = 0;
  let hi = 0;
  let shift = 0;
  let b: number;
  do {
    if (shift > 63) throw notDirect;
    b = buf[pos++]!;
    if (shift === 63 && b & 0x7e) throw notDirect; // past 64 bits
    if (shift < 28) lo |= (b & 0x7f) << shift;
    else if (shift === 28) {
      lo |= (b & 0x7f) << 28;
      hi = (b & 0x7f) >>> 4;
    } else hi |= (b & 0x7f) << (shift - 32);
    shift += 7;
  } while (b & 0x80);
  if (pos > c.end) throw notDirect;
  c.pos = pos;
  const sign = -(lo & 1);
  long.lo = ((lo >>> 1) | (hi << 31)) ^ sign;
  long.hi = (hi >>> 1) ^ sign;
}

/** A time of day is below this many microseconds (lake/spec/types.ts timeOfDay). */
const DAY_MICROS = Number(DAY_MICROS_BIG);

/** Milliseconds whose microseconds a double holds exactly (past the year 2255 the decoder's path takes the record). */
const MAX_MILLIS = Math.floor(Number.MAX_SAFE_INTEGER / 1000);

/** A long, times `scale` (1, or 1000 for milliseconds → microseconds). */
function longReader(scale: number): DirectRead {
  return (c, col, row) => {
    const f = col as FixedColumn;
    f.setValid(row);
    readLong(c);
    if (scale === 1) {
      f.view.setInt32(row * 8, long.lo, true);
      f.view.setInt32(row * 8 + 4, long.hi, true);
      return;
    }
    const n = long.hi * 2 ** 32 + (long.lo >>> 0);
    if (n > MAX_MILLIS || n < -MAX_MILLIS) throw notDirect;
    f.setSafeInt64(row, n * scale);
  };
}

/** The length of a string or bytes, checked against what is left of the record. */
function readLength(c: AvroCursor): number {
  const n = readInt(c);
  if (n < 0 || n > c.end - c.pos) throw notDirect;
  return n;
}

function copyBytes(c: AvroCursor, col: FixedColumn, row: number, width: number): void {
  if (c.pos + width > c.end) throw notDirect;
  const at = row * width;
  const src = c.buf;
  const dst = col.bytes;
  for (let i = 0; i < width; i++) dst[at + i] = src[c.pos + i]!;
  c.pos += width;
}

// The primitive readers, by the Iceberg type the Avro type lands as (avro-mapping.ts decides that).
export const direct = {
  boolean: ((c, col, row) => {
    if (c.pos >= c.end) throw notDirect;
    const f = col as FixedColumn;
    f.setValid(row);
    f.bytes[row] = c.buf[c.pos++] ? 1 : 0;
  }) satisfies DirectRead,
  /** int, and date (days). */
  int: ((c, col, row) => {
    const f = col as FixedColumn;
    f.setValid(row);
    f.view.setInt32(row * 4, readInt(c), true);
  }) satisfies DirectRead,
  /** long; timestamps in microseconds; nanosecond timestamps (they land as long). */
  long: longReader(1),
  /** timestamp-millis and local-timestamp-millis → microseconds. */
  millisLong: longReader(1000),
  /** time-millis (an int) → a time of day in microseconds. */
  millisTime: ((c, col, row) => {
    const f = col as FixedColumn;
    f.setValid(row);
    const n = readInt(c) * 1000;
    if (n < 0 || n >= DAY_MICROS) throw notDirect;
    f.setSafeInt64(row, n);
  }) satisfies DirectRead,
  /** time-micros: a time of day. */
  microsTime: ((c, col, row) => {
    const f = col as FixedColumn;
    f.setValid(row);
    readLong(c);
    const n = long.hi * 2 ** 32 + (long.lo >>> 0);
    if (n < 0 || n >= DAY_MICROS) throw notDirect;
    f.setSafeInt64(row, n);
  }) satisfies DirectRead,
  float: ((c, col, row) => {
    (col as FixedColumn).setValid(row);
    copyBytes(c, col as FixedColumn, row, 4);
  }) satisfies DirectRead,
  double: ((c, col, row) => {
    (col as FixedColumn).setValid(row);
    copyBytes(c, col as FixedColumn, row, 8);
  }) satisfies DirectRead,
  /** string and bytes (the column knows which). */
  bytes: ((c, col, row) => {
    const s = col as StringColumn;
    s.setValid(row);
    const n = readLength(c);
    s.write(row, c.buf, c.pos, n);
    c.pos += n;
  }) satisfies DirectRead,
  /** A uuid string → DuckDB's UUID (a 128-bit integer, its top bit flipped). */
  uuid: ((c, col, row) => {
    const f = col as FixedColumn;
    f.setValid(row);
    const n = readLength(c);
    if (n !== 36) throw notDirect;
    const b = c.buf;
    const p = c.pos;
    for (const dash of [8, 13, 18, 23]) if (b[p + dash] !== 0x2d) throw notDirect;
    const word = (from: number) => {
      let w = 0;
      for (let i = 0, at = from; i < 8; at++) {
        if (at === p + 8 || at === p + 13 || at === p + 18 || at === p + 23) continue;
        const h = HEX[b[at]!]!;
        if (h < 0) throw notDirect;
        w = w * 16 + h;
        i++;
      }
      return w;
    };
    // Hex digits 0–7, 8–15 (across a dash), 16–23, 24–31 by where they start in the text.
    const w0 = word(p);
    const w1 = word(p + 9);
    const w2 = word(p + 19);
    const w3 = word(p + 28);
    const v = f.view;
    const at = row * 16;
    v.setUint32(at, w3, true);
    v.setUint32(at + 4, w2, true);
    v.setUint32(at + 8, w1, true);
    v.setUint32(at + 12, (w0 ^ 0x80000000) >>> 0, true);
    c.pos += 36;
  }) satisfies DirectRead,
};

const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) HEX[0x41 + i] = HEX[0x61 + i] = 10 + i;

export function directFixed(size: number): DirectRead {
  return (c, col, row) => {
    const s = col as StringColumn;
    s.setValid(row);
    if (size > c.end - c.pos) throw notDirect;
    s.write(row, c.buf, c.pos, size);
    c.pos += size;
  };
}

/** An enum: its symbol's text. */
export function directEnum(symbols: string[]): DirectRead {
  const texts = symbols.map((s) => Buffer.from(s, 'utf8'));
  return (c, col, row) => {
    const s = col as StringColumn;
    s.setValid(row);
    const text = texts[readInt(c)];
    if (!text) throw notDirect;
    s.write(row, text, 0, text.length);
  };
}

/** A union of one type and maybe "null" (either order; -1: no null branch): the branch index, then the value or a null. */
export function directOptional(nullBranch: number, valueBranch: number, read: DirectRead): DirectRead {
  return (c, col, row) => {
    const branch = readInt(c);
    if (branch === valueBranch) read(c, col, row);
    else if (branch === nullBranch) col.setNull(row);
    else throw notDirect;
  };
}

/** An array's blocks (a count, then that many items; a negative count is followed by the block's size in bytes). */
function readBlocks(c: AvroCursor, list: ListColumn, row: number, item: (first: number, count: number) => void): void {
  list.setValid(row);
  const first = list.size;
  for (let n = readInt(c); n !== 0; n = readInt(c)) {
    if (n < 0) {
      n = -n;
      readInt(c);
    }
    if (n > c.end - c.pos) throw notDirect; // every item this path takes is at least a byte
    item(list.reserve(n), n);
  }
  list.entry(row, first, list.size - first);
}

export function directArray(read: DirectRead): DirectRead {
  return (c, col, row) => {
    const list = col as ListColumn;
    readBlocks(c, list, row, (first, count) => {
      for (let i = 0; i < count; i++) read(c, list.child, first + i);
    });
  };
}

/** A map (string keys): a list of key/value structs. */
export function directMap(value: DirectRead): DirectRead {
  return (c, col, row) => {
    const list = col as ListColumn;
    const entry = list.child as StructColumn;
    readBlocks(c, list, row, (first, count) => {
      for (let i = 0; i < count; i++) {
        entry.setValid(first + i);
        direct.bytes(c, entry.children[0]!, first + i);
        value(c, entry.children[1]!, first + i);
      }
    });
  };
}

export function directRecord(fields: DirectRead[]): DirectRead {
  return (c, col, row) => {
    const s = col as StructColumn;
    s.setValid(row);
    for (let i = 0; i < fields.length; i++) fields[i]!(c, s.children[i]!, row);
  };
}

/** The top-level record: its fields into the columns; every byte must be read (as the decoder requires). */
export function directTopRecord(fields: DirectRead[]): DirectRecordRead {
  return (c, columns, row) => {
    for (let i = 0; i < fields.length; i++) fields[i]!(c, columns[i]!, row);
    if (c.pos !== c.end) throw notDirect;
  };
}
