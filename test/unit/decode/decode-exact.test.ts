import descriptor from 'protobufjs/ext/descriptor.js';
import { describe, expect, it } from 'vitest';
import { FloeError } from '../../../shared/errors';
import { displayJson } from '../../../shared/exact-json';
import { avroType } from '../../../electron/core/decode/avro';
import { PartDecoder } from '../../../electron/core/decode/part-decoder';
import { messageType, protobufSchema } from '../../../electron/core/decode/protobuf';
import { writeWireFrame } from '../../../electron/core/decode/wire-format';
import { compileFilter } from '../../../electron/core/messages/cel-filter';
import type { RegisteredSchema, SchemaType } from '../../../electron/core/registry/schema-lookup';

function registry(entries: Record<number, { schemaType: SchemaType; schema: string; refs?: Record<string, string> }>) {
  return {
    get: async (id: number): Promise<RegisteredSchema> => {
      const e = entries[id];
      if (!e) throw new FloeError('NOT_FOUND', `unknown schema id ${id}`);
      const resolvedReferences = new Map(Object.entries(e.refs ?? {}).map(([name, schema]) => [name, { schemaType: e.schemaType, schema }]));
      return { id, schemaType: e.schemaType, schema: e.schema, references: [], resolvedReferences };
    },
  };
}

const FLOATS_AVRO = JSON.stringify({
  type: 'record',
  name: 'Floats',
  fields: [
    { name: 'd', type: 'double' },
    { name: 'f', type: 'float' },
    { name: 'maybe', type: ['null', 'double'] },
    { name: 'list', type: { type: 'array', items: 'double' } },
  ],
});
const TIMES_AVRO = JSON.stringify({
  type: 'record',
  name: 'Times',
  fields: [
    { name: 'ms', type: { type: 'int', logicalType: 'time-millis' } },
    { name: 'us', type: { type: 'long', logicalType: 'time-micros' } },
  ],
});
const JSON_SCHEMA = JSON.stringify({ type: 'object', properties: { id: { type: 'integer' }, ids: { type: 'array', items: { type: 'integer' } } }, required: ['id'] });
const FLOATS_PROTO = 'syntax = "proto3"; package t; message F { double d = 1; float f = 2; repeated double r = 3; int64 i = 4; }';

// The base64 FileDescriptorProtos a Confluent Python ProtobufSerializer registers: a main file importing another
// registered file and a well-known type.
const b64 = (file: descriptor.IFileDescriptorProto) => Buffer.from(descriptor.FileDescriptorProto.encode(descriptor.FileDescriptorProto.fromObject(file)).finish()).toString('base64');
const TYPE = { double: 1, int64: 3, uint64: 4, string: 9, message: 11, enum: 14 } as const;
const OPTIONAL = 1;
const REPEATED = 3;
const COMMON_FILE = b64({ name: 'acme/common.proto', package: 'acme.common', syntax: 'proto3', messageType: [{ name: 'Money', field: [{ name: 'units', number: 1, type: TYPE.int64, label: OPTIONAL }, { name: 'currency', number: 2, type: TYPE.string, label: OPTIONAL }] }] });
const ORDER_FILE = b64({
  name: 'acme/order.proto',
  package: 'acme',
  syntax: 'proto3',
  dependency: ['acme/common.proto', 'google/protobuf/timestamp.proto'],
  messageType: [
    { name: 'Other', field: [{ name: 'note', number: 1, type: TYPE.string, label: OPTIONAL }] },
    {
      name: 'Order',
      field: [
        { name: 'order_id', number: 1, type: TYPE.uint64, label: OPTIONAL },
        { name: 'total', number: 2, type: TYPE.message, typeName: '.acme.common.Money', label: OPTIONAL },
        { name: 'at', number: 3, type: TYPE.message, typeName: '.google.protobuf.Timestamp', label: OPTIONAL },
        { name: 'state', number: 4, type: TYPE.enum, typeName: '.acme.Order.State', label: OPTIONAL },
        { name: 'lines', number: 5, type: TYPE.message, typeName: '.acme.Order.Line', label: REPEATED },
      ],
      nestedType: [{ name: 'Line', field: [{ name: 'sku', number: 1, type: TYPE.string, label: OPTIONAL }, { name: 'ratio', number: 2, type: TYPE.double, label: OPTIONAL }] }],
      enumType: [{ name: 'State', value: [{ name: 'NEW', number: 0 }, { name: 'PAID', number: 1 }] }],
    },
  ],
});
const ORDER_TEXT = `syntax = "proto3"; package acme; import "acme/common.proto"; import "google/protobuf/timestamp.proto";
message Other { string note = 1; }
message Order { uint64 order_id = 1; acme.common.Money total = 2; google.protobuf.Timestamp at = 3; State state = 4; repeated Line lines = 5;
  message Line { string sku = 1; double ratio = 2; } enum State { NEW = 0; PAID = 1; } }`;

const decoder = new PartDecoder(
  registry({
    1: { schemaType: 'AVRO', schema: FLOATS_AVRO },
    2: { schemaType: 'AVRO', schema: TIMES_AVRO },
    3: { schemaType: 'JSON', schema: JSON_SCHEMA },
    4: { schemaType: 'PROTOBUF', schema: FLOATS_PROTO },
    5: { schemaType: 'PROTOBUF', schema: ORDER_FILE, refs: { 'acme/common.proto': COMMON_FILE } },
  }),
);

describe('exact decoding: JSON integers past 2^53', () => {
  const text = '{"id": 9007199254740993, "max": 9223372036854775807, "neg": -9223372036854775808, "u": 18446744073709551615, "nested": {"ids": [1, 9007199254740995, -9007199254740993]}, "small": 42, "f": 1.0, "huge": 1e400, "nz": -0, "s": "12345678901234567890"}';

  it('keeps every digit in schemaless JSON, at any depth and sign; other numbers as JSON.parse reads them', async () => {
    for (const format of ['auto', 'json'] as const) {
      const part = await decoder.decode(Buffer.from(text), format);
      expect(part.kind).toBe('json');
      expect(part.value).toEqual({ id: 9007199254740993n, max: 2n ** 63n - 1n, neg: -(2n ** 63n), u: 2n ** 64n - 1n, nested: { ids: [1, 9007199254740995n, -9007199254740993n] }, small: 42, f: 1, huge: Infinity, nz: -0, s: '12345678901234567890' });
      expect(displayJson(part.value)).toBe('{"id":9007199254740993,"max":9223372036854775807,"neg":-9223372036854775808,"u":18446744073709551615,"nested":{"ids":[1,9007199254740995,-9007199254740993]},"small":42,"f":1,"huge":Infinity,"nz":-0,"s":"12345678901234567890"}');
    }
  });

  it('keeps every digit in JSON Schema values, and validates them as integers', async () => {
    const part = await decoder.decode(writeWireFrame(3, Buffer.from('{"id": 9223372036854775807, "ids": [-9007199254740993, 5]}')));
    expect(part).toMatchObject({ kind: 'json-schema', value: { id: 2n ** 63n - 1n, ids: [-9007199254740993n, 5] } });
    expect(part.warnings).toBeUndefined();
    const bad = await decoder.decode(writeWireFrame(3, Buffer.from('{"id": 9223372036854775807, "ids": ["x"]}')));
    expect(bad.warnings).toEqual(['/ids/0: must be integer']);
  });

  it('lets a CEL filter compare them exactly', async () => {
    const value = (await decoder.decode(Buffer.from(text))).value;
    const test = (expr: string) => compileFilter(expr).test({ value, partition: 0, offset: 0, size: 0 });
    expect(test('value.id == 9007199254740993')).toBe(true);
    expect(test('value.id == 9007199254740992')).toBe(false);
    expect(test('value.max == 9223372036854775807 && value.neg == -9223372036854775808')).toBe(true);
    expect(test('value.nested.ids[1] > value.id && 9007199254740993 in value.nested.ids.map(x, -x)')).toBe(true);
    expect(test('value.small == 42 && value.f == 1.0')).toBe(true);
  });
});

describe('exact decoding: NaN and ±Infinity', () => {
  it('Avro float and double keep them (never null), nested and in unions', async () => {
    const type = avroType(FLOATS_AVRO);
    const part = await decoder.decode(writeWireFrame(1, type.toBuffer({ d: NaN, f: -Infinity, maybe: Infinity, list: [1.5, NaN, -0] })));
    expect(part.value).toEqual({ d: NaN, f: -Infinity, maybe: Infinity, list: [1.5, NaN, -0] });
    expect(displayJson(part.value)).toBe('{"d":NaN,"f":-Infinity,"maybe":Infinity,"list":[1.5,NaN,-0]}');
  });

  it('Protobuf float and double keep them as numbers (not strings), with 64-bit integers exact', async () => {
    const type = messageType(protobufSchema(FLOATS_PROTO), [0]);
    const body = type.encode(type.fromObject({ d: NaN, f: Infinity, r: [-Infinity, 2.5], i: '-9223372036854775808' })).finish();
    const part = await decoder.decode(writeWireFrame(4, body, [0]));
    expect(part.value).toEqual({ d: NaN, f: Infinity, r: [-Infinity, 2.5], i: -(2n ** 63n) });
    expect(compileFilter('value.d != value.d && value.f > 1.0e308').test({ value: part.value, partition: 0, offset: 0, size: 0 })).toBe(true);
  });
});

describe('exact decoding: Avro times of day', () => {
  it('shows time-millis and time-micros as HH:MM:SS with every digit', async () => {
    const type = avroType(TIMES_AVRO);
    const cases: [number, number, string, string][] = [
      [0, 0, '00:00:00.000', '00:00:00.000000'],
      [45_296_789, 45_296_789_012, '12:34:56.789', '12:34:56.789012'],
      [86_399_999, 86_399_999_999, '23:59:59.999', '23:59:59.999999'],
    ];
    for (const [ms, us, msText, usText] of cases) {
      const part = await decoder.decode(writeWireFrame(2, type.toBuffer({ ms, us })));
      expect(part.value).toEqual({ ms: msText, us: usText });
      expect(type.toBuffer({ ms: msText, us: usText })).toEqual(type.toBuffer({ ms, us })); // what is shown encodes back to the same value
    }
  });
});

describe('exact decoding: Protobuf schemas registered as base64 FileDescriptorProto', () => {
  it('decodes with references and well-known imports, exactly as from .proto text', async () => {
    const text = protobufSchema(ORDER_TEXT, new Map([['acme/common.proto', 'syntax = "proto3"; package acme.common; message Money { int64 units = 1; string currency = 2; }']]));
    const order = messageType(text, [1]);
    const body = order.encode(order.fromObject({ order_id: '18446744073709551615', total: { units: '9007199254740993', currency: 'EUR' }, at: { seconds: 1700000000, nanos: 0 }, state: 1, lines: [{ sku: 'a', ratio: NaN }] })).finish();
    const part = await decoder.decode(writeWireFrame(5, body, [1]));
    expect(part.error).toBeUndefined();
    expect(part).toMatchObject({ kind: 'protobuf', wire: { schemaId: 5, messageIndexes: [1], messageType: 'acme.Order' } });
    expect(part.value).toEqual({ order_id: 2n ** 64n - 1n, total: { units: 9007199254740993n, currency: 'EUR' }, at: '2023-11-14T22:13:20.000Z', state: 'PAID', lines: [{ sku: 'a', ratio: NaN }] });
    const nested = messageType(protobufSchema(ORDER_FILE, new Map([['acme/common.proto', COMMON_FILE]])), [1, 0]);
    expect(nested.fullName).toBe('.acme.Order.Line');
  });

  it('says what is wrong with a base64 schema that is no FileDescriptorProto', async () => {
    const broken = new PartDecoder(registry({ 6: { schemaType: 'PROTOBUF', schema: Buffer.from([0x0a, 0xff, 0xff]).toString('base64') } }));
    const part = await broken.decode(writeWireFrame(6, Buffer.from([0, 8, 1])));
    expect(part.error).toMatch(/schema id 6 \(PROTOBUF\) cannot be compiled: the schema is base64 but not a serialized FileDescriptorProto/);
  });
});

describe('exact decoding: why bytes stay hex', () => {
  it('names the reason when bytes are neither the wire format nor text: not UTF-8 or binary, no magic byte', async () => {
    const cases: [Buffer, string][] = [
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'not valid UTF-8 text, and no magic byte 0x00 (not the schema-registry wire format)'],
      [Buffer.from('ab\u0001cd'), 'binary: holds control characters, so not text, and no magic byte 0x00 (not the schema-registry wire format)'],
      [Buffer.from([0x00, 0x01]), 'binary: holds control characters, so not text, and too short for the schema-registry wire format (2 bytes, its header has 5)'],
    ];
    for (const [bytes, reason] of cases) expect(await decoder.decode(bytes)).toMatchObject({ kind: 'hex', value: bytes.toString('hex'), fallback: reason });
    expect(await decoder.decode(Buffer.from([0xff]), 'string')).toMatchObject({ kind: 'hex', error: 'not valid UTF-8' });
    expect(await decoder.decode(Buffer.from('a\u0000b'), 'string')).toMatchObject({ kind: 'hex', error: 'not text (it holds control characters)' });
  });
});
