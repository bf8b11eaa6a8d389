import { describe, expect, it } from 'vitest';
import { avroType } from '../../../electron/core/decode/avro';
import { avroChecker, avroProjectedReader, avroReader, readAvro } from '../../../electron/core/decode/avro-reader';
import { jsonSafe } from '../../../electron/core/decode/json-safe';

const SCHEMA = JSON.stringify({
  type: 'record',
  name: 'Everything',
  namespace: 'acme',
  fields: [
    { name: 'n', type: 'null' },
    { name: 'flag', type: 'boolean' },
    { name: 'i', type: 'int' },
    { name: 'longs', type: { type: 'array', items: 'long' } },
    { name: 'f', type: 'float' },
    { name: 'd', type: 'double' },
    { name: 's', type: 'string' },
    { name: 'raw', type: 'bytes' },
    { name: 'fx', type: { type: 'fixed', name: 'Four', size: 4 } },
    { name: 'color', type: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'] } },
    { name: 'counts', type: { type: 'map', values: 'int' } },
    { name: 'maybe', type: ['null', 'string'] },
    // Two records: ambiguous for avsc's wrapUnions 'auto', so this union is wrapped ({branch: value}).
    { name: 'either', type: [{ type: 'record', name: 'A', fields: [{ name: 'x', type: 'int' }] }, { type: 'record', name: 'B', fields: [{ name: 'y', type: 'long' }] }] },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 20, scale: 3 } },
    { name: 'atMs', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'atUs', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'ref', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'next', type: ['null', 'Everything'] },
  ],
});

const type = avroType(SCHEMA);
const read = avroReader(type);
/** avsc's own decoder (its record classes, BigInt longs) made JSON-safe: the reference the fast reader must equal. */
const reference = (buf: Buffer) => jsonSafe(type.decode(buf, 0).value);

function sample(i: number, next: unknown = null) {
  return {
    n: null,
    flag: i % 2 === 0,
    i: -i * 1000,
    longs: [0n, -1n, 1n, 2n ** 49n, -(2n ** 49n) - 1n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, BigInt(i)],
    f: 1.5,
    d: Math.PI * i,
    s: `text ✓ ${i}`,
    raw: Buffer.from([0, 255, i]),
    fx: Buffer.from([1, 2, 3, 4]),
    color: i % 2 ? 'GREEN' : 'RED',
    counts: { a: 1, b: i },
    maybe: i % 2 ? `m${i}` : null,
    either: i % 2 ? { 'acme.A': { x: 7 } } : { 'acme.B': { y: 2n ** 60n } },
    price: '-12345678901234.567',
    atMs: '2026-01-02T03:04:05.678Z',
    atUs: 1767323045678901,
    day: '2026-01-02',
    ref: '3b241101-e2bb-4255-8caf-4136c566a962',
    next,
  };
}

describe('compiled Avro reader', () => {
  it('gives exactly what avsc + jsonSafe give, for every type, nested and recursive', () => {
    const value = sample(3, sample(4, sample(5)));
    const buf = type.toBuffer(value);
    const fast = readAvro(read, type, buf) as Record<string, unknown>;
    expect(fast).toStrictEqual(reference(buf));
    expect(Object.getPrototypeOf(fast)).toBe(Object.prototype);
    expect(fast.longs).toEqual([0, -1, 1, 2 ** 49, -(2 ** 49) - 1, Number.MAX_SAFE_INTEGER, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, 3]);
    expect(fast.atUs).toBe('2026-01-02T03:04:05.678901Z');
    expect(fast.either).toEqual({ 'acme.A': { x: 7 } });
    expect((fast.next as Record<string, unknown>).either).toEqual({ 'acme.B': { y: 2n ** 60n } });
  });

  it('reads strings of every short length as avsc does: ASCII, UTF-8 at any position, control characters', () => {
    const strings = avroType(JSON.stringify({ type: 'array', items: 'string' }));
    const values: string[] = [];
    for (let n = 0; n <= 40; n++) {
      values.push('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH'.slice(0, n));
      for (const at of [0, Math.floor(n / 2), n - 1]) if (n > 0) values.push(`${'x'.repeat(at)}é${'y'.repeat(Math.max(0, n - at - 2))}`);
      values.push('\u0000\u007f'.repeat(n).slice(0, n));
    }
    values.push('😀', 'a😀', '€€€€€€€€', '\u0080');
    const buf = strings.toBuffer(values);
    expect(readAvro(avroReader(strings), strings, buf)).toStrictEqual(strings.fromBuffer(buf));
  });

  it('reads arrays and maps written in several blocks, with and without block byte sizes', () => {
    const arrays = avroType(JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'xs', type: { type: 'array', items: 'int' } }, { name: 'm', type: { type: 'map', values: 'string' } }] }));
    // xs = [1, 2] as a block of 1, then a block of -1 items with its byte size (1), then the end; m = {k: "v"}.
    const buf = Buffer.from([0x02, 0x02, 0x01, 0x02, 0x04, 0x00, 0x02, 0x02, 0x6b, 0x02, 0x76, 0x00]);
    expect(readAvro(avroReader(arrays), arrays, buf)).toStrictEqual({ xs: [1, 2], m: { k: 'v' } });
    expect(readAvro(avroReader(arrays), arrays, buf)).toStrictEqual(jsonSafe(arrays.decode(buf, 0).value));
  });

  it('says when a payload is cut short, too long or not of the schema', () => {
    const buf = type.toBuffer(sample(1));
    expect(() => readAvro(read, type, buf.subarray(0, buf.length - 3))).toThrow(/^truncated Avro payload: \d+ bytes do not hold a complete acme.Everything/);
    expect(() => readAvro(read, type, Buffer.concat([buf, Buffer.from([0])]))).toThrow(/1 trailing bytes after a complete acme.Everything/);
    const enumType = avroType(JSON.stringify({ type: 'enum', name: 'E', symbols: ['A'] }));
    expect(() => readAvro(avroReader(enumType), enumType, Buffer.from([0x06]))).toThrow(/does not match the schema.*invalid E enum index: 3/);
  });

  it('refuses a block count the payload cannot hold before reading any item (a damaged count is not read 2^40 times)', () => {
    const flags = avroType(JSON.stringify({ type: 'record', name: 'Flags', fields: [{ name: 'xs', type: { type: 'array', items: 'boolean' } }, { name: 'nulls', type: { type: 'array', items: 'null' } }] }));
    const damaged = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x04]); // xs: a block of 2^40 booleans
    const t0 = performance.now();
    expect(() => readAvro(avroReader(flags), flags, damaged)).toThrow(/^truncated Avro payload/);
    expect(() => readAvro(avroProjectedReader(flags, new Set(['nulls']))!, flags, damaged)).toThrow(/^truncated Avro payload/);
    expect(() => avroChecker(flags)(damaged)).toThrow(/^truncated Avro payload/);
    expect(performance.now() - t0).toBeLessThan(1000);
    // Items of no bytes (nulls) still read: a block of 3 in a 2-byte tail.
    const nulls = Buffer.from([0x00, 0x06, 0x00]);
    expect(readAvro(avroReader(flags), flags, nulls)).toStrictEqual({ xs: [], nulls: [null, null, null] });
  });

  it('a projection builds only the named fields, stepping over every other type (recursion, blocks, unions) exactly', () => {
    const buf = type.toBuffer(sample(3, sample(4)));
    const full = readAvro(read, type, buf) as Record<string, unknown>;
    for (const names of [['d'], ['color', 's'], ['next'], ['n', 'atUs'], ['price', 'either', 'counts', 'longs']]) {
      const projected = avroProjectedReader(type, new Set(names))!;
      expect(readAvro(projected, type, buf)).toStrictEqual(Object.fromEntries(names.map((n) => [n, full[n]])));
    }
    // Blocks with byte sizes are jumped over; a cut payload is still reported.
    const arrays = avroType(JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'xs', type: { type: 'array', items: 'int' } }, { name: 'm', type: { type: 'map', values: 'string' } }, { name: 'last', type: 'int' }] }));
    const blocks = Buffer.from([0x02, 0x02, 0x01, 0x02, 0x04, 0x00, 0x02, 0x02, 0x6b, 0x02, 0x76, 0x00, 0x54]);
    expect(readAvro(avroProjectedReader(arrays, new Set(['last']))!, arrays, blocks)).toStrictEqual({ last: 42 });
    expect(() => readAvro(avroProjectedReader(arrays, new Set(['last']))!, arrays, blocks.subarray(0, 9))).toThrow(/truncated Avro payload/);
    expect(avroProjectedReader(avroType('"string"'), new Set(['x']))).toBeNull();
  });
});
