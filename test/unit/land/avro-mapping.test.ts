import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { BigLong } from '../../../electron/core/lake/spec/avro-file';
import { landingAvroType, mapAvroSchema } from '../../../electron/core/land/type-mapping/avro-mapping';
import type { NestedField } from '../../../electron/core/lake/spec/types';
import { typeToString } from '../../../electron/core/lake/spec/types';

// Each schema is real Avro text; each value is encoded by avsc as a producer would (logical types as their raw
// underlying values), decoded by the landing's avsc type and converted: the Iceberg type and the exact value.

function land(schema: object, value: unknown, references: object[] = []) {
  const text = JSON.stringify(schema);
  const refs = references.map((r) => JSON.stringify(r));
  // The writer: every long (logical or not) as a bigint, the way a Java producer writes any 64-bit value.
  const typeHook = (s: unknown) => (s === 'long' || (typeof s === 'object' && s !== null && (s as { type?: unknown }).type === 'long') ? BigLong : undefined);
  const options = { registry: {}, wrapUnions: true, typeHook } as unknown as avro.ForSchemaOptions;
  for (const r of references) avro.Type.forSchema(r as avro.Schema, options);
  const bytes = avro.Type.forSchema(schema as avro.Schema, options).toBuffer(value);
  const mapped = mapAvroSchema(text, refs);
  return { mapped, row: mapped.convert(landingAvroType(text, refs).fromBuffer(bytes)) };
}

const types = (fields: NestedField[]) => Object.fromEntries(fields.map((f) => [f.name, `${typeToString(f.type)}${f.required ? '' : '?'}`]));
const record = (fields: object[]) => ({ type: 'record', name: 'R', namespace: 'floe.test', fields });

describe('Avro → Iceberg', () => {
  it('primitives: long keeps every digit as bigint, bytes stay bytes', () => {
    const { mapped, row } = land(
      record([
        { name: 'b', type: 'boolean' },
        { name: 'i', type: 'int' },
        { name: 'l', type: 'long' },
        { name: 'f', type: 'float' },
        { name: 'd', type: 'double' },
        { name: 's', type: 'string' },
        { name: 'y', type: 'bytes' },
      ]),
      { b: true, i: -7, l: 9007199254740993n, f: 1.5, d: -0.25, s: 'é', y: Buffer.from([0, 255]) },
    );
    expect(types(mapped.fields)).toEqual({ b: 'boolean', i: 'int', l: 'long', f: 'float', d: 'double', s: 'string', y: 'binary' });
    expect(row).toEqual({ b: true, i: -7, l: 9007199254740993n, f: 1.5, d: -0.25, s: 'é', y: Buffer.from([0, 255]) });
  });

  it('timestamps: with zone (timestamp-*) → timestamptz, local-timestamp-* → timestamp, both in microseconds; nanos → long', () => {
    const ts = (logicalType: string) => ({ type: 'long', logicalType });
    const { mapped, row } = land(
      record([
        { name: 'tms', type: ts('timestamp-millis') },
        { name: 'tus', type: ts('timestamp-micros') },
        { name: 'tns', type: ts('timestamp-nanos') },
        { name: 'lms', type: ts('local-timestamp-millis') },
        { name: 'lus', type: ts('local-timestamp-micros') },
        { name: 'lns', type: ts('local-timestamp-nanos') },
      ]),
      { tms: 1700000000123n, tus: 1700000000123456n, tns: 1700000000123456789n, lms: -1n, lus: -1n, lns: -1n },
    );
    expect(types(mapped.fields)).toEqual({ tms: 'timestamptz', tus: 'timestamptz', tns: 'long', lms: 'timestamp', lus: 'timestamp', lns: 'long' });
    expect(row).toEqual({ tms: 1700000000123000n, tus: 1700000000123456n, tns: 1700000000123456789n, lms: -1000n, lus: -1n, lns: -1n });
    expect(mapped.notes.join('\n')).toMatch(/tns: timestamp-nanos lands as long \(nanoseconds since the epoch\)/);
  });

  it('date, time-millis, time-micros, uuid', () => {
    const { mapped, row } = land(
      record([
        { name: 'day', type: { type: 'int', logicalType: 'date' } },
        { name: 'tm', type: { type: 'int', logicalType: 'time-millis' } },
        { name: 'tu', type: { type: 'long', logicalType: 'time-micros' } },
        { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
      ]),
      { day: 19675, tm: 45296789, tu: 45296789012n, id: '0f8fad5b-d9cb-469f-a165-70867728950e' },
    );
    expect(types(mapped.fields)).toEqual({ day: 'date', tm: 'time', tu: 'time', id: 'uuid' });
    expect(row).toEqual({ day: 19675, tm: 45296789000n, tu: 45296789012n, id: '0f8fad5b-d9cb-469f-a165-70867728950e' });
  });

  it('decimals on bytes and on fixed → decimal(p, s) with the unscaled value (negative two’s complement too)', () => {
    const { mapped, row } = land(
      record([
        { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
        { name: 'big', type: { type: 'fixed', name: 'D38', size: 16, logicalType: 'decimal', precision: 38, scale: 10 } },
      ]),
      // -123.45 unscaled is -12345 = 0xCFC7; the fixed holds 10^37 + 1 in 16 big-endian bytes.
      { price: Buffer.from([0xcf, 0xc7]), big: Buffer.from((10n ** 37n + 1n).toString(16).padStart(32, '0'), 'hex') },
    );
    expect(types(mapped.fields)).toEqual({ price: 'decimal(10, 2)', big: 'decimal(38, 10)' });
    expect(row).toEqual({ price: -12345n, big: 10n ** 37n + 1n });
  });

  it('a decimal wider than 38 digits lands as its decimal text, scale applied', () => {
    const { mapped, row } = land(record([{ name: 'wide', type: { type: 'bytes', logicalType: 'decimal', precision: 40, scale: 3 } }]), { wide: Buffer.from([0xff, 0x85]) }); // -123
    expect(types(mapped.fields)).toEqual({ wide: 'string' });
    expect(row).toEqual({ wide: '-0.123' });
    expect(mapped.notes.join('\n')).toMatch(/decimal\(40, 3\) is wider than Iceberg's 38 digits: it lands as its text/);
  });

  it('enums land as their symbol; fixed without a logical type as binary', () => {
    const { mapped, row } = land(
      record([
        { name: 'suit', type: { type: 'enum', name: 'Suit', symbols: ['SPADES', 'HEARTS'] } },
        { name: 'md5', type: { type: 'fixed', name: 'Md5', size: 2 } },
      ]),
      { suit: 'HEARTS', md5: Buffer.from([1, 2]) },
    );
    expect(types(mapped.fields)).toEqual({ suit: 'string', md5: 'binary' });
    expect(row).toEqual({ suit: 'HEARTS', md5: Buffer.from([1, 2]) });
    expect(mapped.notes).toContain('suit: enum Suit lands as string (its symbol)');
  });

  it('a nullable union ["null", T] is an optional T; null stays null', () => {
    const schema = record([
      { name: 'n', type: ['null', 'long'], default: null },
      { name: 'ts', type: ['null', { type: 'long', logicalType: 'timestamp-millis' }], default: null },
      { name: 'req', type: 'string' },
    ]);
    const set = land(schema, { n: { long: 5n }, ts: { long: 1000n }, req: 'x' });
    expect(types(set.mapped.fields)).toEqual({ n: 'long?', ts: 'timestamptz?', req: 'string' });
    expect(set.row).toEqual({ n: 5n, ts: 1000000n, req: 'x' });
    expect(land(schema, { n: null, ts: null, req: 'y' }).row).toEqual({ n: null, ts: null, req: 'y' });
  });

  it('a union of several types lands as a struct with one optional field per branch, the held one set', () => {
    const schema = record([
      {
        name: 'u',
        type: ['null', 'int', 'string', { type: 'record', name: 'Point', fields: [{ name: 'x', type: 'int' }] }, { type: 'long', logicalType: 'timestamp-micros' }],
      },
    ]);
    const s = land(schema, { u: { string: 'hi' } });
    expect(types(s.mapped.fields)).toEqual({ u: 'struct<int: int, string: string, Point: struct<x: int>, long: timestamptz>?' });
    expect(s.mapped.fields[0]!.type.kind === 'struct' && s.mapped.fields[0]!.type.fields.every((f) => !f.required)).toBe(true);
    expect(s.row).toEqual({ u: { int: null, string: 'hi', Point: null, long: null } });
    expect(land(schema, { u: { 'floe.test.Point': { x: 3 } } }).row).toEqual({ u: { int: null, string: null, Point: { x: 3 }, long: null } });
    expect(land(schema, { u: { long: 7n } }).row).toEqual({ u: { int: null, string: null, Point: null, long: 7n } });
    expect(land(schema, { u: null }).row).toEqual({ u: null });
    expect(s.mapped.notes).toContain('u: union of int | string | Point | long lands as a struct with one optional field per type (the one the record holds is set)');
  });

  it('arrays, maps (string keys) and nested records, with nullable elements and values', () => {
    const schema = record([
      { name: 'tags', type: { type: 'array', items: 'string' } },
      { name: 'maybe', type: { type: 'array', items: ['null', 'long'] } },
      { name: 'attrs', type: { type: 'map', values: ['null', { type: 'long', logicalType: 'timestamp-millis' }] } },
      { name: 'addr', type: { type: 'record', name: 'Addr', fields: [{ name: 'city', type: 'string' }, { name: 'zip', type: ['null', 'int'] }] } },
      { name: 'more', type: { type: 'array', items: 'Addr' } },
    ]);
    const { mapped, row } = land(schema, {
      tags: ['a', 'b'],
      maybe: [{ long: 1n }, null],
      attrs: { seen: { long: 2n }, gone: null },
      addr: { city: 'Lyon', zip: null },
      more: [{ city: 'Oslo', zip: { int: 150 } }],
    });
    expect(types(mapped.fields)).toEqual({
      tags: 'list<string>',
      maybe: 'list<long>',
      attrs: 'map<string, timestamptz>',
      addr: 'struct<city: string, zip: int>',
      more: 'list<struct<city: string, zip: int>>',
    });
    const byName = Object.fromEntries(mapped.fields.map((f) => [f.name, f.type]));
    expect(byName.tags).toMatchObject({ elementRequired: true });
    expect(byName.maybe).toMatchObject({ elementRequired: false });
    expect(byName.attrs).toMatchObject({ valueRequired: false });
    expect(row).toEqual({
      tags: ['a', 'b'],
      maybe: [1n, null],
      attrs: new Map([
        ['seen', 2000n],
        ['gone', null],
      ]),
      addr: { city: 'Lyon', zip: null },
      more: [{ city: 'Oslo', zip: 150 }],
    });
  });

  it('a named type from a reference resolves', () => {
    const money = { type: 'record', name: 'Money', namespace: 'floe.common', fields: [{ name: 'cents', type: 'long' }] };
    const { mapped, row } = land(record([{ name: 'm', type: 'floe.common.Money' }]), { m: { cents: 42n } }, [money]);
    expect(types(mapped.fields)).toEqual({ m: 'struct<cents: long>' });
    expect(row).toEqual({ m: { cents: 42n } });
  });

  it('a schema that is not a record lands as one optional column "value"', () => {
    const { mapped, row } = land({ type: 'long', logicalType: 'timestamp-micros' }, 5n);
    expect(types(mapped.fields)).toEqual({ value: 'timestamptz?' });
    expect(row).toEqual({ value: 5n });
  });

  it('recursive types are refused by name, directly or through a nullable union', () => {
    const node = { type: 'record', name: 'Node', namespace: 'floe.tree', fields: [{ name: 'v', type: 'int' }, { name: 'next', type: ['null', 'Node'] }] };
    expect(() => mapAvroSchema(JSON.stringify(node))).toThrow('Avro record floe.tree.Node contains itself (at next): recursive types cannot land as Iceberg columns');
    const tree = { type: 'record', name: 'Tree', fields: [{ name: 'kids', type: { type: 'array', items: 'Tree' } }] };
    expect(() => mapAvroSchema(JSON.stringify(tree))).toThrow('Avro record Tree contains itself (at kids[])');
  });

  it('schemas that cannot land say why', () => {
    expect(() => mapAvroSchema('{"type": "record"')).toThrow(/The Avro schema is not JSON/);
    expect(() => mapAvroSchema(JSON.stringify(record([{ name: 'x', type: 'Missing' }])))).toThrow('Avro type "Missing" is not defined in the schema or its references');
    expect(() => mapAvroSchema(JSON.stringify(record([{ name: 'x', type: 'null' }])))).toThrow('x is always null: an Iceberg column needs a type');
    expect(() => mapAvroSchema(JSON.stringify(record([])))).toThrow('Avro record floe.test.R (at the top) has no fields: Iceberg structs need at least one');
  });

  it('bytes that do not match the schema are refused by the decoder, not landed', () => {
    const text = JSON.stringify(record([{ name: 's', type: 'string' }]));
    const t = landingAvroType(text);
    expect(() => t.fromBuffer(Buffer.from([0x08, 0x61]))).toThrow(/truncated/); // length 4, one byte
    expect(() => t.fromBuffer(Buffer.from([0x02, 0x61, 0x62]))).toThrow(/trailing/);
  });
});
