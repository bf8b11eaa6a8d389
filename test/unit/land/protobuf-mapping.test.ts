import { describe, expect, it } from 'vitest';
import { messageType, protobufSchema } from '../../../electron/core/decode/protobuf';
import { LANDING_PROTOBUF_OBJECT, mapProtobufMessage, rfc3339Micros } from '../../../electron/core/land/type-mapping/protobuf-mapping';
import type { NestedField } from '../../../electron/core/lake/spec/types';
import { typeToString } from '../../../electron/core/lake/spec/types';

// Real .proto text, parsed as the landing parses a registry schema; each message is encoded to bytes by protobufjs,
// decoded and converted as the landing decoder does (toObject with LANDING_PROTOBUF_OBJECT).

const PROTO = `
syntax = "proto3";
package floe.test;
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/struct.proto";

enum Color { COLOR_UNSPECIFIED = 0; RED = 1; GREEN = 2; }
message Inner { string name = 1; int64 n = 2; }

message Scalars {
  int32 i32 = 1; sint32 s32 = 2; sfixed32 sf32 = 3; uint32 u32 = 4; fixed32 f32 = 5;
  int64 i64 = 6; sint64 s64 = 7; sfixed64 sf64 = 8; uint64 u64 = 9; fixed64 f64 = 10;
  float fl = 11; double db = 12; bool b = 13; string s = 14; bytes y = 15; Color color = 16;
}

message WellKnown {
  google.protobuf.Timestamp at = 1;
  google.protobuf.Duration took = 2;
  google.protobuf.Int64Value i64w = 3;
  google.protobuf.UInt64Value u64w = 4;
  google.protobuf.Int32Value i32w = 5;
  google.protobuf.UInt32Value u32w = 6;
  google.protobuf.DoubleValue dw = 7;
  google.protobuf.FloatValue fw = 8;
  google.protobuf.BoolValue bw = 9;
  google.protobuf.StringValue sw = 10;
  google.protobuf.BytesValue yw = 11;
  google.protobuf.Struct meta = 12;
  google.protobuf.Value any = 13;
}

message Shapes {
  repeated string tags = 1;
  map<string, int64> counts = 2;
  map<int32, Inner> by_id = 3;
  Inner inner = 4;
  repeated Inner inners = 5;
  oneof choice { string text = 6; Inner boxed = 7; }
  optional string note = 8;
}

message Node { int32 v = 1; Node next = 2; }
message Forest { repeated Tree trees = 1; }
message Tree { Forest kids = 1; }
message Empty {}
`;

const schema = protobufSchema(PROTO);
const typeOf = (name: string) => messageType(schema, [schema.fileMessages.findIndex((t) => t.name === name)]);

function land(name: string, object: Record<string, unknown>) {
  const type = typeOf(name);
  const bytes = type.encode(type.fromObject(object)).finish();
  const mapped = mapProtobufMessage(type);
  return { mapped, row: mapped.convert(type.toObject(type.decode(bytes), LANDING_PROTOBUF_OBJECT)) };
}

const types = (fields: NestedField[]) => Object.fromEntries(fields.map((f) => [f.name, `${typeToString(f.type)}${f.required ? '' : '?'}`]));

describe('Protobuf → Iceberg', () => {
  it('scalars: 64-bit integers exact, unsigned 32-bit as long, unsigned 64-bit as decimal(20, 0), enums as names', () => {
    const { mapped, row } = land('Scalars', {
      i32: -5,
      s32: -6,
      sf32: -7,
      u32: 4294967295,
      f32: 4000000000,
      i64: '-9223372036854775808',
      s64: '9007199254740993',
      sf64: '-2',
      u64: '18446744073709551615',
      f64: '18446744073709551614',
      fl: 0.5,
      db: 1e300,
      b: true,
      s: 'ü',
      y: Buffer.from([1, 2, 3]),
      color: 'GREEN',
    });
    expect(types(mapped.fields)).toEqual({
      i32: 'int',
      s32: 'int',
      sf32: 'int',
      u32: 'long',
      f32: 'long',
      i64: 'long',
      s64: 'long',
      sf64: 'long',
      u64: 'decimal(20, 0)',
      f64: 'decimal(20, 0)',
      fl: 'float',
      db: 'double',
      b: 'boolean',
      s: 'string',
      y: 'binary',
      color: 'string',
    });
    expect(row).toEqual({
      i32: -5,
      s32: -6,
      sf32: -7,
      u32: 4294967295n,
      f32: 4000000000n,
      i64: -9223372036854775808n,
      s64: 9007199254740993n,
      sf64: -2n,
      u64: 18446744073709551615n,
      f64: 18446744073709551614n,
      fl: 0.5,
      db: 1e300,
      b: true,
      s: 'ü',
      y: Buffer.from([1, 2, 3]),
      color: 'GREEN',
    });
    expect(mapped.notes).toContain('u64: uint64 lands as decimal(20, 0): Iceberg\'s long is signed');
    expect(mapped.notes).toContain('color: enum Color lands as string (its value name)');
  });

  it('proto3 defaults: an unset scalar lands as its default, an unknown enum number as its number', () => {
    const { row } = land('Scalars', { color: 7 });
    expect(row).toMatchObject({ i32: 0, i64: 0n, u64: 0n, s: '', b: false, color: '7' });
  });

  it('well-known types: Timestamp → timestamptz µs, Duration → long µs, wrappers → optional values, Struct/Value → JSON text', () => {
    const { mapped, row } = land('WellKnown', {
      at: { seconds: 1700000000, nanos: 123456789 },
      took: { seconds: 3, nanos: 500000000 },
      i64w: { value: '-9007199254740993' },
      u64w: { value: '18446744073709551615' },
      i32w: { value: -1 },
      u32w: { value: 4294967295 },
      dw: { value: 2.5 },
      fw: { value: 0.25 },
      bw: { value: false },
      sw: { value: '' },
      yw: { value: Buffer.from([9]) },
      meta: { fields: { a: { numberValue: 1 }, b: { listValue: { values: [{ stringValue: 'x' }, { boolValue: true }] } } } },
      any: { stringValue: 'free' },
    });
    expect(types(mapped.fields)).toEqual({
      at: 'timestamptz?',
      took: 'long?',
      i64w: 'long?',
      u64w: 'decimal(20, 0)?',
      i32w: 'int?',
      u32w: 'long?',
      dw: 'double?',
      fw: 'float?',
      bw: 'boolean?',
      sw: 'string?',
      yw: 'binary?',
      meta: 'string?',
      any: 'string?',
    });
    expect(row).toEqual({
      at: 1700000000123456n,
      took: 3500000n,
      i64w: -9007199254740993n,
      u64w: 18446744073709551615n,
      i32w: -1,
      u32w: 4294967295n,
      dw: 2.5,
      fw: 0.25,
      bw: false,
      sw: '',
      yw: Buffer.from([9]),
      meta: '{"a":1,"b":["x",true]}',
      any: '"free"',
    });
    expect(land('WellKnown', {}).row).toEqual(Object.fromEntries(mapped.fields.map((f) => [f.name, null])));
  });

  it('Timestamps before 1970 and Durations below a microsecond, negative or at the maximum convert exactly', () => {
    const at = (seconds: number | string, nanos: number) => land('WellKnown', { at: { seconds, nanos } }).row.at;
    expect(at(-1, 999999000)).toBe(-1n); // 1969-12-31T23:59:59.999999Z
    expect(at(0, 1)).toBe(0n);
    expect(at('253402300799', 999999999)).toBe(253402300799999999n); // 9999-12-31T23:59:59.999999999Z
    const took = (seconds: number | string, nanos: number) => land('WellKnown', { took: { seconds, nanos } }).row.took;
    expect(took(0, 1)).toBe(0n);
    expect(took(0, 1500)).toBe(1n);
    expect(took(-1, -500000000)).toBe(-1500000n);
    expect(took(0, -250000)).toBe(-250n);
    expect(took('315576000000', 999999999)).toBe(315576000000999999n);
  });

  it('repeated, maps with string and int keys, nested messages, oneof members and proto3 optional are optional', () => {
    const { mapped, row } = land('Shapes', {
      tags: ['a', 'b'],
      counts: { x: '9007199254740993' },
      by_id: { 7: { name: 'seven', n: '7' } },
      inner: { name: 'in', n: '1' },
      inners: [{ name: 'a' }, { name: 'b', n: '2' }],
      boxed: { name: 'box' },
    });
    expect(types(mapped.fields)).toEqual({
      tags: 'list<string>?',
      counts: 'map<string, long>?',
      by_id: 'map<int, struct<name: string, n: long>>?',
      inner: 'struct<name: string, n: long>?',
      inners: 'list<struct<name: string, n: long>>?',
      text: 'string?',
      boxed: 'struct<name: string, n: long>?',
      note: 'string?',
    });
    expect(row).toEqual({
      tags: ['a', 'b'],
      counts: new Map([['x', 9007199254740993n]]),
      by_id: new Map([[7, { name: 'seven', n: 7n }]]),
      inner: { name: 'in', n: 1n },
      inners: [
        { name: 'a', n: 0n },
        { name: 'b', n: 2n },
      ],
      text: null,
      boxed: { name: 'box', n: 0n },
      note: null,
    });
    expect(land('Shapes', { text: 'hi', note: '' }).row).toMatchObject({ text: 'hi', boxed: null, note: '', inner: null, tags: [] });
    expect(mapped.notes).toContain('Shapes: oneof choice lands as its member fields, each optional (the one that is set holds a value)');
    expect(mapped.notes.some((n) => n.includes('_note'))).toBe(false); // proto3 optional's synthetic oneof is no oneof
  });

  it('a well-known type as the whole message lands as one column "value"', () => {
    const ts = schema.root.lookupType('google.protobuf.Timestamp');
    const mapped = mapProtobufMessage(ts);
    expect(types(mapped.fields)).toEqual({ value: 'timestamptz?' });
    expect(mapped.convert(ts.toObject(ts.decode(ts.encode(ts.fromObject({ seconds: 1, nanos: 2000 })).finish()), LANDING_PROTOBUF_OBJECT))).toEqual({ value: 1000002n });
  });

  it('recursive messages are refused by name, directly or through another message', () => {
    expect(() => mapProtobufMessage(typeOf('Node'))).toThrow('Protobuf message floe.test.Node contains itself (at next): recursive types cannot land as Iceberg columns');
    expect(() => mapProtobufMessage(typeOf('Forest'))).toThrow('Protobuf message floe.test.Forest contains itself (at trees.kids)');
    expect(() => mapProtobufMessage(typeOf('Empty'))).toThrow('Protobuf message floe.test.Empty (at the top) has no fields: Iceberg structs need at least one');
  });

  it('bytes that are not the message are refused by the decoder', () => {
    expect(() => typeOf('Scalars').decode(Uint8Array.from([0x0a, 0x05, 0x61]))).toThrow(/index out of range/);
  });

  it('RFC 3339 text with an offset and nanoseconds → microseconds since the epoch; bad text named', () => {
    expect(rfc3339Micros('2023-11-14T23:13:20.123456789+01:00')).toBe(1700000000123456n);
    expect(() => rfc3339Micros('yesterday')).toThrow('"yesterday" is not an RFC 3339 timestamp');
  });
});
