import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { FloeError } from '../../../shared/errors';
import { messageType, protobufSchema } from '../../../electron/core/decode/protobuf';
import { writeWireFrame } from '../../../electron/core/decode/wire-format';
import { BadRecord, LandDecoder } from '../../../electron/core/land/land-decoder';
import { BigLong } from '../../../electron/core/lake/spec/avro-file';
import type { RegisteredSchema, SchemaLookup, SchemaType } from '../../../electron/core/registry/schema-lookup';

// The decoder on real wire bytes: Confluent frames (magic 0, schema id, Protobuf message indexes) around payloads
// encoded by avsc and protobufjs, Connect JSON envelopes and plain text. The schemas come from an in-memory lookup
// holding real schema texts (the registry itself is exercised by test/integration/land).

const AVRO = JSON.stringify({
  type: 'record',
  name: 'Reading',
  namespace: 'floe.test',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-nanos' } },
    { name: 'v', type: ['null', 'double'], default: null },
  ],
});
const PROTO = 'syntax = "proto3"; package floe.test; import "google/protobuf/timestamp.proto"; message A { int32 a = 1; } message B { uint64 big = 1; google.protobuf.Timestamp at = 2; }';
const JSON_SCHEMA = JSON.stringify({ type: 'object', required: ['id'], properties: { id: { type: 'integer' }, price: { type: 'number' } } });

const FLAGS = JSON.stringify({ type: 'record', name: 'Flags', fields: [{ name: 'flags', type: { type: 'array', items: 'boolean' } }, { name: 'at', type: ['null', { type: 'int', logicalType: 'time-millis' }], default: null }] });

const SCHEMAS: Record<number, { schemaType: SchemaType; schema: string }> = { 1: { schemaType: 'AVRO', schema: AVRO }, 2: { schemaType: 'PROTOBUF', schema: PROTO }, 3: { schemaType: 'JSON', schema: JSON_SCHEMA }, 4: { schemaType: 'AVRO', schema: FLAGS } };
let lookups = 0;
const registry = {
  get: async (id: number): Promise<RegisteredSchema> => {
    lookups++;
    const e = SCHEMAS[id];
    if (!e) throw new FloeError('NOT_FOUND', `Schema ${id} not found`);
    return { id, schemaType: e.schemaType, schema: e.schema, references: [], resolvedReferences: new Map() };
  },
} as unknown as SchemaLookup;

const avroWriter = avro.Type.forSchema(JSON.parse(AVRO) as avro.Schema, { wrapUnions: true, typeHook: (s: unknown) => (s === 'long' || (typeof s === 'object' && s !== null && (s as { type?: unknown }).type === 'long') ? BigLong : undefined) } as unknown as avro.ForSchemaOptions);
const proto = protobufSchema(PROTO);
const frame = (id: number, payload: Uint8Array, indexes?: number[]) => writeWireFrame(id, Buffer.from(payload), indexes);

describe('LandDecoder', () => {
  it('Avro in the wire format: a nanosecond timestamp past 2^53 and a union decode exactly; the schema is fetched once', async () => {
    const d = new LandDecoder(registry);
    lookups = 0;
    const bytes = frame(1, avroWriter.toBuffer({ id: 9007199254740993n, at: 1700000000123456789n, v: { double: 0.5 } }));
    const part = await d.decode(bytes, 'value');
    expect(part).toMatchObject({ schemaKey: 'registry:1', schemaText: AVRO, row: { id: 9007199254740993n, at: 1700000000123456789n, v: 0.5 } });
    expect((await d.decode(frame(1, avroWriter.toBuffer({ id: 1n, at: 0n, v: null })), 'value'))!.row).toEqual({ id: 1n, at: 0n, v: null });
    expect(lookups).toBe(1);
  });

  it('Protobuf in the wire format: the message index picks the type', async () => {
    const d = new LandDecoder(registry);
    const b = messageType(proto, [1]);
    const payload = b.encode(b.fromObject({ big: '18446744073709551615', at: { seconds: 1700000000, nanos: 5000 } })).finish();
    const part = await d.decode(frame(2, payload, [1]), 'value');
    expect(part).toMatchObject({ schemaKey: 'registry:2:1', row: { big: 18446744073709551615n, at: 1700000000000005n } });
  });

  it('JSON Schema in the wire format: integers exact, a mismatch is a bad record naming field and schema', async () => {
    const d = new LandDecoder(registry);
    expect((await d.decode(frame(3, Buffer.from('{"id": 12345678901234567890, "price": 2.5}'.replace('12345678901234567890', '-9223372036854775808'))), 'value'))!.row).toEqual({ id: -9223372036854775808n, price: 2.5 });
    await expect(d.decode(frame(3, Buffer.from('{"id": 1, "price": "cheap"}')), 'value')).rejects.toThrow(new BadRecord('does not match its schema (registry:3): price: expected a number, got string "cheap"'));
    await expect(d.decode(frame(3, Buffer.from('{"price": 1}')), 'value')).rejects.toThrow(new BadRecord('does not match its schema (registry:3): id is required but missing'));
  });

  it('bytes that do not match their schema, an unknown schema id and a bad frame are bad records', async () => {
    const d = new LandDecoder(registry);
    await expect(d.decode(frame(1, Buffer.from([0x02])), 'value')).rejects.toThrow(BadRecord);
    await expect(d.decode(frame(2, Buffer.from([0x0a, 0x05, 0x61]), [0]), 'value')).rejects.toThrow(BadRecord);
    await expect(d.decode(frame(99, Buffer.from([0])), 'value')).rejects.toThrow(new BadRecord('Schema 99 not found'));
    await expect(d.decode(Buffer.from([0, 0, 0]), 'value')).rejects.toThrow(BadRecord);
  });

  it('an Avro block count past what the payload holds is a bad record at once (avsc alone reads it item by item)', async () => {
    const d = new LandDecoder(registry);
    // flags: a block of 2^40 booleans in a 7-byte payload.
    const damaged = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x04]);
    const t0 = performance.now();
    await expect(d.decode(frame(4, damaged), 'value')).rejects.toThrow(/does not match its schema \(registry:4\): truncated Avro payload/);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect((await d.decode(frame(4, Buffer.from([0x04, 0x01, 0x00, 0x00, 0x00])), 'value'))?.row).toEqual({ flags: [true, false], at: null });
  });

  it('a time of day outside the day is a bad record naming the field', async () => {
    const d = new LandDecoder(registry);
    // at = -1 ms (branch 1, zigzag 1)
    await expect(d.decode(frame(4, Buffer.from([0x00, 0x02, 0x01])), 'value')).rejects.toThrow(/does not match its schema \(registry:4\): at: -1000 µs is not a time of day/);
  });

  it('Connect JSON envelopes carry their schema; a null payload is a null row; other text lands as one text column', async () => {
    const d = new LandDecoder(null);
    const envelope = (payload: string) => Buffer.from(`{"schema": {"type": "struct", "fields": [{"field": "n", "type": "int64", "optional": false}]}, "payload": ${payload}}`);
    const part = (await d.decode(envelope('{"n": 9007199254740993}'), 'value'))!;
    expect(part.schemaKey).toMatch(/^connect:[0-9a-f]{16}$/);
    expect(part.row).toEqual({ n: 9007199254740993n });
    expect((await d.decode(envelope('null'), 'value'))!.row).toBeNull();
    await expect(d.decode(envelope('{"n": "x"}'), 'value')).rejects.toThrow(/does not match its schema \(connect:[0-9a-f]+\): n: expected an integer, got string "x"/);
    expect(await d.decode(Buffer.from('plain key'), 'key')).toMatchObject({ schemaKey: 'text:key', row: { key: 'plain key' } });
    expect(await d.decode(null, 'value')).toBeNull();
    await expect(d.decode(Buffer.from([0xff, 0xfe]), 'value')).rejects.toThrow(new BadRecord("the value is neither in the schema registry's wire format nor UTF-8 text"));
  });
});
