import { describe, expect, it } from 'vitest';
import { encodePart, encodeWithSchema } from '../../electron/core/browse/part-encoder';
import { PartDecoder } from '../../electron/core/decode/part-decoder';
import type { RegisteredSchema, SchemaType } from '../../electron/core/registry/schema-lookup';

const AVRO = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'qty', type: 'int' }] } } },
  ],
});
const PROTO = 'syntax = "proto3"; package shop; message Other { string x = 1; } message Order { int64 id = 1; string name = 2; }';
const JSON_SCHEMA = JSON.stringify({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } });

const schemas: Record<number, { schemaType: SchemaType; schema: string }> = { 1: { schemaType: 'AVRO', schema: AVRO }, 2: { schemaType: 'PROTOBUF', schema: PROTO }, 3: { schemaType: 'JSON', schema: JSON_SCHEMA } };
const registered = (id: number): RegisteredSchema => ({ id, ...schemas[id]!, references: [], resolvedReferences: new Map() });
const decoder = new PartDecoder({ get: async (id) => registered(id) });

describe('schema-aware produce encoding', () => {
  it('encodes Avro from plain JSON (unwrapped optional union) and the decoder reads it back', async () => {
    const bytes = encodeWithSchema('value', registered(1), '{"id": 9007199254740991, "note": "hi", "lines": [{"qty": 2}]}');
    const part = await decoder.decode(bytes, 'schema-registry');
    expect(part).toMatchObject({ kind: 'avro', wire: { schemaId: 1 }, value: { id: 9007199254740991, note: 'hi', lines: [{ qty: 2 }] } });
  });

  it('also takes Avro JSON encoding with wrapped unions', async () => {
    const bytes = encodeWithSchema('value', registered(1), '{"id": 1, "note": {"string": "wrapped"}, "lines": []}');
    expect((await decoder.decode(bytes, 'schema-registry')).value).toEqual({ id: 1, note: 'wrapped', lines: [] });
  });

  it('names the failing path for Avro, JSON Schema and Protobuf', () => {
    expect(() => encodeWithSchema('value', registered(1), '{"id": 1, "lines": [{"qty": "two"}]}')).toThrow(/value: does not match the Avro schema/);
    expect(() => encodeWithSchema('key', registered(3), '{"id": "x"}')).toThrow(expect.objectContaining({ code: 'BAD_INPUT', detail: { part: 'key', path: '/id' } }));
    expect(() => encodeWithSchema('value', registered(2), '{"id": "x"}', 'shop.Order')).toThrow(/value: does not match shop.Order: id: integer\|Long expected/);
  });

  it('encodes Protobuf with the message index of the named type', async () => {
    const bytes = encodeWithSchema('value', registered(2), '{"id": 5, "name": "n"}', 'shop.Order');
    const part = await decoder.decode(bytes, 'schema-registry');
    expect(part).toMatchObject({ kind: 'protobuf', value: { id: '5', name: 'n' }, wire: { messageIndexes: [1], messageType: 'shop.Order' } });
  });

  it('checks plain encodings before sending', async () => {
    await expect(encodePart('value', { encoding: 'hex', text: '0g' }, null)).rejects.toThrow(/value: not hex/);
    await expect(encodePart('key', { encoding: 'base64', text: 'a' }, null)).rejects.toThrow(/key: not base64/);
    await expect(encodePart('value', { encoding: 'json', text: '{' }, null)).rejects.toThrow(/value: not valid JSON/);
    await expect(encodePart('value', { encoding: 'schema', subject: 's', text: '{}' }, null)).rejects.toThrow(/needs a schema registry/);
    expect(await encodePart('value', { encoding: 'hex', text: 'de ad' }, null)).toEqual(Buffer.from([0xde, 0xad]));
    expect(await encodePart('value', { encoding: 'null' }, null)).toBeNull();
  });
});
