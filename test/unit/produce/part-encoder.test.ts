import { describe, expect, it } from 'vitest';
import { encodePart } from '../../../electron/core/produce/part-encoder';
import { encodeWithSchema } from '../../../electron/core/produce/schema-encoder';
import { PartDecoder } from '../../../electron/core/decode/part-decoder';
import type { RegisteredSchema, SchemaType } from '../../../electron/core/registry/schema-lookup';

const AVRO = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'qty', type: 'int' }] } } },
  ],
});
const AVRO_LONGS = JSON.stringify({
  type: 'record',
  name: 'Longs',
  fields: [
    { name: 'max', type: 'long' },
    { name: 'min', type: 'long' },
    { name: 'past53', type: 'long' },
    { name: 'maybe', type: ['null', 'long'] },
    { name: 'all', type: { type: 'array', items: 'long' } },
    { name: 'ratio', type: 'double' },
  ],
});
const PROTO = 'syntax = "proto3"; package shop; message Other { string x = 1; } message Order { int64 id = 1; string name = 2; uint64 big = 3; double ratio = 4; }';
const JSON_SCHEMA = JSON.stringify({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } });

const schemas: Record<number, { schemaType: SchemaType; schema: string }> = {
  1: { schemaType: 'AVRO', schema: AVRO },
  2: { schemaType: 'PROTOBUF', schema: PROTO },
  3: { schemaType: 'JSON', schema: JSON_SCHEMA },
  4: { schemaType: 'AVRO', schema: AVRO_LONGS },
};
const registered = (id: number): RegisteredSchema => ({ id, ...schemas[id]!, references: [], resolvedReferences: new Map() });
const decoder = new PartDecoder({ get: async (id) => registered(id) });

describe('schema-aware produce encoding', () => {
  it('encodes Avro from plain JSON (unwrapped optional union) and the decoder reads it back', async () => {
    const bytes = await encodeWithSchema('value', registered(1), '{"id": 9007199254740991, "note": "hi", "lines": [{"qty": 2}]}');
    const part = await decoder.decode(bytes, 'schema-registry');
    expect(part).toMatchObject({ kind: 'avro', wire: { schemaId: 1 }, value: { id: 9007199254740991, note: 'hi', lines: [{ qty: 2 }] } });
  });

  it('also takes Avro JSON encoding with wrapped unions', async () => {
    const bytes = await encodeWithSchema('value', registered(1), '{"id": 1, "note": {"string": "wrapped"}, "lines": []}');
    expect((await decoder.decode(bytes, 'schema-registry')).value).toEqual({ id: 1, note: 'wrapped', lines: [] });
  });

  it('names the failing path for Avro, JSON Schema and Protobuf', async () => {
    await expect(encodeWithSchema('value', registered(1), '{"id": 1, "lines": [{"qty": "two"}]}')).rejects.toThrow(/value: does not match the Avro schema/);
    await expect(encodeWithSchema('key', registered(3), '{"id": "x"}')).rejects.toThrow(expect.objectContaining({ code: 'BAD_INPUT', detail: { part: 'key', path: '/id' } }));
    await expect(encodeWithSchema('value', registered(2), '{"id": "x"}', 'shop.Order')).rejects.toThrow(/value: does not match shop.Order: id: integer\|Long expected/);
  });

  it('encodes Protobuf with the message index of the named type', async () => {
    const bytes = await encodeWithSchema('value', registered(2), '{"id": 5, "name": "n"}', 'shop.Order');
    const part = await decoder.decode(bytes, 'schema-registry');
    expect(part).toMatchObject({ kind: 'protobuf', value: { id: 5, name: 'n' }, wire: { messageIndexes: [1], messageType: 'shop.Order' } });
  });

  it('checks plain encodings before sending', async () => {
    await expect(encodePart('value', { encoding: 'hex', text: '0g' }, null)).rejects.toThrow(/value: not hex/);
    await expect(encodePart('key', { encoding: 'base64', text: 'a' }, null)).rejects.toThrow(/key: not base64/);
    await expect(encodePart('value', { encoding: 'json', text: '{' }, null)).rejects.toThrow(/value: not valid JSON/);
    await expect(encodePart('value', { encoding: 'schema', subject: 's', text: '{}' }, null)).rejects.toThrow(/needs a schema registry/);
    expect(await encodePart('value', { encoding: 'hex', text: 'de ad' }, null)).toEqual(Buffer.from([0xde, 0xad]));
    expect(await encodePart('value', { encoding: 'null' }, null)).toBeNull();
  });

  it('keeps every digit of longs beyond 2^53 in Avro, plain JSON and Avro JSON alike', async () => {
    const text = '{"max": 9223372036854775807, "min": -9223372036854775808, "past53": 9007199254740993, "maybe": 1234567890123456789, "all": [9007199254740993, 1, -9007199254740995], "ratio": 12345678901234567890}';
    const bytes = await encodeWithSchema('value', registered(4), text);
    const part = await decoder.decode(bytes, 'schema-registry');
    expect(part.error).toBeUndefined();
    expect(part.value).toEqual({ max: 2n ** 63n - 1n, min: -(2n ** 63n), past53: 9007199254740993n, maybe: 1234567890123456789n, all: [9007199254740993n, 1, -9007199254740995n], ratio: 12345678901234567000 });
    const avroJson = '{"max": 1, "min": 2, "past53": 18014398509481985, "maybe": {"long": 9007199254740993}, "all": [], "ratio": 0.5}';
    expect((await decoder.decode(await encodeWithSchema('value', registered(4), avroJson), 'schema-registry')).value).toMatchObject({ past53: 18014398509481985n, maybe: 9007199254740993n });
    await expect(encodeWithSchema('value', registered(4), text.replace('9223372036854775807', '9223372036854775808'))).rejects.toThrow(/does not match the Avro schema at \/max/);
  });

  it('keeps every digit of int64/uint64 beyond 2^53 in Protobuf, and of numbers in JSON Schema records', async () => {
    const bytes = await encodeWithSchema('value', registered(2), '{"id": -9007199254740993, "name": "n", "big": 18446744073709551615, "ratio": 12345678901234567890}', 'shop.Order');
    const part = await decoder.decode(bytes, 'schema-registry');
    expect(part.value).toEqual({ id: -9007199254740993n, name: 'n', big: 2n ** 64n - 1n, ratio: 12345678901234567000 });
    await expect(encodeWithSchema('value', registered(2), '{"id": 9223372036854775808}', 'shop.Order')).rejects.toThrow(/value: does not match shop.Order: id: integer\|Long expected/);
    const json = await encodeWithSchema('value', registered(3), '{ "id": 9007199254740993, "x": [1.50, 2e3] }');
    expect(Buffer.from(json.subarray(5)).toString()).toBe('{"id":9007199254740993,"x":[1.50,2e3]}');
  });

  it('reads NaN and ±Infinity in the JSON form Floe writes them ("NaN", "Infinity", "-Infinity") for float and double fields', async () => {
    const avro = await decoder.decode(await encodeWithSchema('value', registered(4), '{"max": 1, "min": 2, "past53": 3, "maybe": null, "all": [], "ratio": "NaN"}'), 'schema-registry');
    expect(avro.value).toMatchObject({ ratio: NaN });
    const proto = await decoder.decode(await encodeWithSchema('value', registered(2), '{"id": 1, "ratio": "-Infinity"}', 'shop.Order'), 'schema-registry');
    expect(proto.value).toMatchObject({ id: 1, ratio: -Infinity });
    await expect(encodeWithSchema('value', registered(4), '{"max": 1, "min": 2, "past53": "NaN", "maybe": null, "all": [], "ratio": 1}')).rejects.toThrow(/does not match the Avro schema/);
  });
});
