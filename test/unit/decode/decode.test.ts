import { describe, expect, it, vi } from 'vitest';
import { FloeError } from '../../../shared/errors';
import { PartDecoder } from '../../../electron/core/decode/part-decoder';
import { avroType } from '../../../electron/core/decode/avro';
import { protobufSchema, messageType } from '../../../electron/core/decode/protobuf';
import { readMessageIndexes, writeMessageIndexes, writeWireFrame } from '../../../electron/core/decode/wire-format';
import type { RegisteredSchema, SchemaType } from '../../../electron/core/registry/schema-lookup';

const ORDER_AVRO = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'acme',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'ref', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'customer', type: 'acme.Customer' },
  ],
});
const CUSTOMER_AVRO = JSON.stringify({ type: 'record', name: 'Customer', namespace: 'acme', fields: [{ name: 'name', type: 'string' }] });
const COMMON_PROTO = 'syntax = "proto3"; package acme.common; message Money { string currency = 1; int64 units = 2; }';
const ORDER_PROTO = `syntax = "proto3"; package acme;
import "google/protobuf/timestamp.proto"; import "acme/common.proto";
message Order { string id = 1; acme.common.Money total = 2; google.protobuf.Timestamp at = 3; message Line { string sku = 1; } repeated Line lines = 4; }
message Refund { string order_id = 1; }`;
const JSON_SCHEMA = JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['id'], properties: { id: { type: 'integer' } } });

function registry(entries: Record<number, { schemaType: SchemaType; schema: string; refs?: Record<string, string> }>) {
  return {
    get: async (id: number): Promise<RegisteredSchema> => {
      const e = entries[id];
      if (!e) throw new FloeError('NOT_FOUND', `unknown schema id ${id}: the registry at http://r has no such schema`);
      const resolvedReferences = new Map(Object.entries(e.refs ?? {}).map(([name, schema]) => [name, { schemaType: e.schemaType, schema }]));
      return { id, schemaType: e.schemaType, schema: e.schema, references: [], resolvedReferences };
    },
  };
}

const decoder = new PartDecoder(
  registry({
    1: { schemaType: 'AVRO', schema: ORDER_AVRO, refs: { 'acme.Customer': CUSTOMER_AVRO } },
    2: { schemaType: 'PROTOBUF', schema: ORDER_PROTO, refs: { 'acme/common.proto': COMMON_PROTO } },
    3: { schemaType: 'JSON', schema: JSON_SCHEMA },
  }),
);

describe('wire format', () => {
  it('round-trips message indexes, with the [0] shorthand', () => {
    for (const indexes of [[0], [1], [0, 2], [3, 1, 4]]) {
      const bytes = writeMessageIndexes(indexes);
      expect(readMessageIndexes(bytes)).toMatchObject({ ok: true, indexes });
    }
    expect([...writeMessageIndexes([0])]).toEqual([0]);
  });
});

describe('part decoder', () => {
  it('decodes Avro with references and logical types exactly', async () => {
    const type = avroType(ORDER_AVRO, [CUSTOMER_AVRO]);
    const body = type.toBuffer({ id: 9007199254740993n, amount: '-1234.50', at: 1700000000123456, day: 19000, ref: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', customer: { name: 'Ada' } });
    const part = await decoder.decode(writeWireFrame(1, body));
    expect(part).toMatchObject({ kind: 'avro', wire: { magic: 0, schemaId: 1, schemaType: 'AVRO' } });
    expect(part.value).toEqual({
      id: 9007199254740993n,
      amount: '-1234.50',
      at: '2023-11-14T22:13:20.123456Z',
      day: '2022-01-08',
      ref: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
      customer: { name: 'Ada' },
    });
  });

  it('decodes Protobuf by message index, with imports and well-known types', async () => {
    const schema = protobufSchema(ORDER_PROTO, new Map([['acme/common.proto', COMMON_PROTO]]));
    const line = messageType(schema, [0, 0]);
    expect(line.fullName).toBe('.acme.Order.Line');
    const refund = messageType(schema, [1]);
    const refundPart = await decoder.decode(writeWireFrame(2, refund.encode(refund.fromObject({ order_id: 'o-9' })).finish(), [1]));
    expect(refundPart).toMatchObject({ kind: 'protobuf', value: { order_id: 'o-9' }, wire: { messageIndexes: [1], messageType: 'acme.Refund' } });
    const order = messageType(schema, [0]);
    const body = order.encode(order.fromObject({ id: 'o-1', total: { currency: 'EUR', units: '12' }, at: { seconds: 1700000000, nanos: 5000000 }, lines: [{ sku: 'a' }] })).finish();
    const part = await decoder.decode(writeWireFrame(2, body, [0]));
    expect(part.value).toEqual({ id: 'o-1', total: { currency: 'EUR', units: 12 }, at: '2023-11-14T22:13:20.005Z', lines: [{ sku: 'a' }] });
  });

  it('decodes JSON Schema payloads and reports validation problems as warnings', async () => {
    const ok = await decoder.decode(writeWireFrame(3, Buffer.from('{"id": 7}')));
    expect(ok).toMatchObject({ kind: 'json-schema', value: { id: 7 } });
    expect(ok.warnings).toBeUndefined();
    const bad = await decoder.decode(writeWireFrame(3, Buffer.from('{"id": "x"}')));
    expect(bad.warnings).toEqual(['/id: must be integer']);
  });

  it('answers a schema id it could not have without a promise for a second, then asks again', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      let schema: string | null = null;
      const get = vi.fn(async (id: number): Promise<RegisteredSchema> => {
        if (!schema) throw new FloeError('UNREACHABLE', 'the registry at http://r cannot be reached');
        return { id, schemaType: 'AVRO', schema, references: [], resolvedReferences: new Map() };
      });
      const parts = new PartDecoder({ get });
      const bytes = writeWireFrame(41, Buffer.from([0x02]));
      expect(parts.decodeSync(bytes)).toBeNull(); // not asked yet
      const first = await parts.decode(bytes);
      expect(first).toMatchObject({ kind: 'hex', error: 'the registry at http://r cannot be reached', registryFailure: 'UNREACHABLE', wire: { magic: 0, schemaId: 41 } });
      // A scan's next records: the same part, at once, and the registry is not asked per record.
      for (let i = 0; i < 1000; i++) expect(parts.decodeSync(bytes)).toEqual(first);
      expect(get).toHaveBeenCalledTimes(1);
      schema = '"int"';
      vi.advanceTimersByTime(1001);
      expect(parts.decodeSync(bytes)).toBeNull();
      expect(await parts.decode(bytes)).toMatchObject({ kind: 'avro', value: 1 });
      expect(parts.decodeSync(bytes)).toMatchObject({ kind: 'avro', value: 1 });
      expect(get).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never throws on bad bytes: hex plus the precise reason', async () => {
    const unknown = await decoder.decode(writeWireFrame(99, Buffer.from([1, 2, 3])));
    expect(unknown).toMatchObject({ kind: 'hex', value: '0000000063010203', error: expect.stringMatching(/unknown schema id 99/) });
    const truncated = await decoder.decode(writeWireFrame(1, Buffer.from([0x02])));
    expect(truncated.error).toMatch(/truncated|does not match/);
    const badIndex = await decoder.decode(writeWireFrame(2, Buffer.from([]), [7]));
    expect(badIndex.error).toMatch(/invalid Protobuf message index \[7\]/);
    const wrongMagic = await decoder.decode(Buffer.from([1, 0, 0, 0, 1, 5]), 'schema-registry');
    expect(wrongMagic.error).toMatch(/wrong magic byte 0x01/);
    const short = await decoder.decode(Buffer.from([0, 0, 1]), 'schema-registry');
    expect(short.error).toMatch(/truncated: 3 bytes/);
  });

  it('auto-detects JSON, text and binary; explicit formats are honoured', async () => {
    expect(await decoder.decode(Buffer.from('{"a":1}'))).toMatchObject({ kind: 'json', value: { a: 1 } });
    expect(await decoder.decode(Buffer.from('plain text'))).toMatchObject({ kind: 'string', value: 'plain text' });
    expect(await decoder.decode(Buffer.from([0xff, 0xfe, 0x01]))).toMatchObject({ kind: 'hex', value: 'fffe01' });
    expect(await decoder.decode(null)).toMatchObject({ kind: 'null', value: null });
    expect(await decoder.decode(Buffer.from('hi'), 'base64')).toMatchObject({ kind: 'base64', value: 'aGk=' });
    expect(await decoder.decode(Buffer.from('not json'), 'json')).toMatchObject({ kind: 'hex', error: expect.stringMatching(/^not valid JSON: Unexpected token/) });
    expect(await decoder.decode(Buffer.from('42'), 'json')).toMatchObject({ kind: 'hex', error: 'not a JSON object or array' });
  });

  it('says why auto fell back: JSON that does not parse, bytes that are not text, a frame without a registry', async () => {
    const malformed = await decoder.decode(Buffer.from('{"id": 7, "amount": }'));
    expect(malformed).toMatchObject({ kind: 'string', value: '{"id": 7, "amount": }' });
    expect(malformed.fallback).toMatch(/^not valid JSON: Unexpected token/);
    expect(malformed.error).toBeUndefined();
    expect((await decoder.decode(Buffer.from([0xff, 0xfe, 0x01]))).fallback).toBe('not valid UTF-8 text, and no magic byte 0x00 (not the schema-registry wire format)');
    expect((await decoder.decode(Buffer.from([0x01, 0x02, 0x41]))).fallback).toMatch(/^binary: holds control characters/);
    expect((await new PartDecoder(null).decode(writeWireFrame(258, Buffer.from([1, 2])))).fallback).toBe('wire-format header (magic byte 0, schema id 258) but this profile has no schema registry');
    for (const fine of ['{"a":1}', 'plain text', '[1,2]', '']) expect((await decoder.decode(Buffer.from(fine))).fallback).toBeUndefined();
    // An explicit format that fails is an error, not a fallback.
    expect(await decoder.decode(Buffer.from('{"id": '), 'json')).toMatchObject({ kind: 'hex', error: expect.stringMatching(/^not valid JSON: /) });
    expect((await decoder.decode(Buffer.from('{"id": '), 'json')).fallback).toBeUndefined();
  });

  it('says so when a framed value meets a profile without a registry', async () => {
    const part = await new PartDecoder(null).decode(writeWireFrame(5, Buffer.from([1])), 'schema-registry');
    expect(part.error).toMatch(/no schema registry/);
  });
});
