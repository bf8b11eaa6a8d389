import { describe, expect, it } from 'vitest';
import { parseExact } from '../../../electron/core/decode/exact-json';
import { mapConnectSchema } from '../../../electron/core/land/type-mapping/connect-json-mapping';
import type { NestedField } from '../../../electron/core/lake/spec/types';
import { typeToString } from '../../../electron/core/lake/spec/types';

// Kafka Connect JsonConverter envelopes ({"schema", "payload"}) as Debezium writes them; the payload parsed exactly.

const types = (fields: NestedField[]) => Object.fromEntries(fields.map((f) => [f.name, `${typeToString(f.type)}${f.required ? '' : '?'}`]));
const land = (envelope: string) => {
  const { schema, payload } = parseExact(envelope) as { schema: unknown; payload: unknown };
  const mapped = mapConnectSchema(schema);
  return { mapped, row: mapped.convert(payload) };
};
const b64 = (n: bigint, bytes: number) => Buffer.from(BigInt.asUintN(bytes * 8, n).toString(16).padStart(bytes * 2, '0'), 'hex').toString('base64');

const ROW_SCHEMA = `{"type": "struct", "name": "pg.public.t.Value", "optional": false, "fields": [
  {"field": "id", "type": "int64", "optional": false},
  {"field": "small", "type": "int16", "optional": true},
  {"field": "tiny", "type": "int8", "optional": true},
  {"field": "n", "type": "int32", "optional": true},
  {"field": "f", "type": "float", "optional": true},
  {"field": "dbl", "type": "double", "optional": true},
  {"field": "f32", "type": "float32", "optional": true},
  {"field": "f64", "type": "float64", "optional": true},
  {"field": "ok", "type": "boolean", "optional": true},
  {"field": "s", "type": "string", "optional": true},
  {"field": "raw", "type": "bytes", "optional": true},
  {"field": "price", "type": "bytes", "optional": true, "name": "org.apache.kafka.connect.data.Decimal", "parameters": {"scale": "2", "connect.decimal.precision": "10"}},
  {"field": "wide", "type": "bytes", "optional": true, "name": "org.apache.kafka.connect.data.Decimal", "parameters": {"scale": "3", "connect.decimal.precision": "50"}},
  {"field": "vsd", "type": "struct", "optional": true, "name": "io.debezium.data.VariableScaleDecimal", "fields": [{"field": "scale", "type": "int32"}, {"field": "value", "type": "bytes"}]},
  {"field": "d", "type": "int32", "optional": true, "name": "io.debezium.time.Date"},
  {"field": "cd", "type": "int32", "optional": true, "name": "org.apache.kafka.connect.data.Date"},
  {"field": "t", "type": "int32", "optional": true, "name": "io.debezium.time.Time"},
  {"field": "mt", "type": "int64", "optional": true, "name": "io.debezium.time.MicroTime"},
  {"field": "ts", "type": "int64", "optional": true, "name": "io.debezium.time.Timestamp"},
  {"field": "mts", "type": "int64", "optional": true, "name": "io.debezium.time.MicroTimestamp"},
  {"field": "nts", "type": "int64", "optional": true, "name": "io.debezium.time.NanoTimestamp"},
  {"field": "zts", "type": "string", "optional": true, "name": "io.debezium.time.ZonedTimestamp"},
  {"field": "cts", "type": "int64", "optional": true, "name": "org.apache.kafka.connect.data.Timestamp"},
  {"field": "u", "type": "string", "optional": true, "name": "io.debezium.data.Uuid"},
  {"field": "tags", "type": "array", "optional": true, "items": {"type": "string", "optional": true}},
  {"field": "byName", "type": "map", "optional": true, "keys": {"type": "string"}, "values": {"type": "int64"}},
  {"field": "byId", "type": "map", "optional": true, "keys": {"type": "int32"}, "values": {"type": "string", "optional": true}}
]}`;

describe('Kafka Connect (Debezium) schema → Iceberg', () => {
  it('maps each Connect and Debezium type and converts exactly', () => {
    const payload = {
      id: '9223372036854775807',
      small: -32768,
      tiny: 127,
      n: 5,
      dbl: 1e-300,
      f32: 0.5,
      f64: -1.25,
      ok: false,
      s: 'é',
      raw: Buffer.from([0, 1, 255]).toString('base64'),
      price: b64(-12345n, 2),
      wide: b64(123456789n, 4),
      vsd: { scale: 4, value: b64(-5n, 1) },
      d: 19782,
      cd: -1,
      t: 45296789,
      mt: 45296789012,
      ts: 1700000000123,
      mts: 1700000000123456,
      nts: '1700000000123456789',
      zts: '2023-11-14T23:13:20.123456+01:00',
      cts: 1700000000123,
      u: '0F8FAD5B-D9CB-469F-A165-70867728950E',
      tags: ['a', null],
      byName: { x: 1 },
      byId: [
        [1, 'one'],
        [2, null],
      ],
    };
    const text = `{"schema": ${ROW_SCHEMA}, "payload": ${JSON.stringify(payload).replace('"9223372036854775807"', '9223372036854775807').replace('"1700000000123456789"', '1700000000123456789')}}`;
    const { mapped, row } = land(text);
    expect(types(mapped.fields)).toEqual({
      id: 'long',
      small: 'int?',
      tiny: 'int?',
      n: 'int?',
      f: 'float?',
      dbl: 'double?',
      f32: 'float?',
      f64: 'double?',
      ok: 'boolean?',
      s: 'string?',
      raw: 'binary?',
      price: 'decimal(10, 2)?',
      wide: 'string?',
      vsd: 'string?',
      d: 'date?',
      cd: 'date?',
      t: 'time?',
      mt: 'time?',
      ts: 'timestamp?',
      mts: 'timestamp?',
      nts: 'long?',
      zts: 'timestamptz?',
      cts: 'timestamptz?',
      u: 'uuid?',
      tags: 'list<string>?',
      byName: 'map<string, long>?',
      byId: 'map<int, string>?',
    });
    expect(row).toEqual({
      id: 9223372036854775807n,
      small: -32768,
      tiny: 127,
      n: 5,
      f: null,
      dbl: 1e-300,
      f32: 0.5,
      f64: -1.25,
      ok: false,
      s: 'é',
      raw: Buffer.from([0, 1, 255]),
      price: -12345n,
      wide: '123456.789',
      vsd: '-0.0005',
      d: 19782,
      cd: -1,
      t: 45296789000n,
      mt: 45296789012n,
      ts: 1700000000123000n,
      mts: 1700000000123456n,
      nts: 1700000000123456789n,
      zts: 1700000000123456n,
      cts: 1700000000123000n,
      u: '0F8FAD5B-D9CB-469F-A165-70867728950E',
      tags: ['a', null],
      byName: new Map([['x', 1n]]),
      byId: new Map([
        [1, 'one'],
        [2, null],
      ]),
    });
    expect(mapped.notes).toEqual([
      'wide: decimal wider than 38 digits lands as its text',
      'vsd: variable-scale decimal lands as its text',
      'nts: nanosecond timestamp lands as long (nanoseconds): Iceberg v2 timestamps hold microseconds',
    ]);
  });

  it('a Debezium envelope maps before/after as structs (before’s fields optional: a delete may carry only the key), op and source as their types', () => {
    const schema = `{"type": "struct", "name": "pg.public.t.Envelope", "fields": [
      {"field": "before", "type": "struct", "optional": true, "name": "pg.public.t.Value", "fields": [{"field": "id", "type": "int32", "optional": false}]},
      {"field": "after", "type": "struct", "optional": true, "name": "pg.public.t.Value", "fields": [{"field": "id", "type": "int32", "optional": false}]},
      {"field": "source", "type": "struct", "optional": false, "fields": [{"field": "ts_ms", "type": "int64", "optional": false}]},
      {"field": "op", "type": "string", "optional": false},
      {"field": "transaction", "type": "struct", "optional": true, "fields": [{"field": "id", "type": "string", "optional": false}]}
    ]}`;
    const { mapped, row } = land(`{"schema": ${schema}, "payload": {"before": null, "after": {"id": 1}, "source": {"ts_ms": 1700000000000}, "op": "c", "transaction": null}}`);
    expect(types(mapped.fields)).toEqual({ before: 'struct<id: int>?', after: 'struct<id: int>?', source: 'struct<ts_ms: long>', op: 'string', transaction: 'struct<id: string>?' });
    expect(row).toEqual({ before: null, after: { id: 1 }, source: { ts_ms: 1700000000000n }, op: 'c', transaction: null });
    // A delete under PostgreSQL's default REPLICA IDENTITY: the before image holds the key, nulls elsewhere.
    const withName = schema.replace(/"fields": \[\{"field": "id", "type": "int32", "optional": false\}\]/g, '"fields": [{"field": "id", "type": "int32", "optional": false}, {"field": "name", "type": "string", "optional": false}]');
    const del = land(`{"schema": ${withName}, "payload": {"before": {"id": 1, "name": null}, "after": null, "source": {"ts_ms": 1}, "op": "d", "transaction": null}}`);
    expect(types(del.mapped.fields)).toMatchObject({ before: 'struct<id: int, name: string>?', after: 'struct<id: int, name: string>?' });
    expect(del.row.before).toEqual({ id: 1, name: null });
    expect(() => land(`{"schema": ${withName}, "payload": {"before": null, "after": {"id": 1, "name": null}, "source": {"ts_ms": 1}, "op": "c"}}`)).toThrow('after.name is required but null');
  });

  it('payloads that do not match the schema are refused naming the field', () => {
    const refused = (payload: string) => () => land(`{"schema": ${ROW_SCHEMA}, "payload": ${payload}}`);
    expect(refused('{"n": 1}')).toThrow('id is required but missing');
    expect(refused('{"id": "12"}')).toThrow('id: expected an integer, got string "12"');
    expect(refused('{"id": 1, "tiny": 128}')).toThrow('tiny: expected a 8-bit integer, got number 128');
    expect(refused('{"id": 1, "n": 2147483648}')).toThrow('n: expected a 32-bit integer, got number 2147483648');
    expect(refused('{"id": 1, "f64": "NaN"}')).toThrow('f64: expected a number, got string "NaN"');
    expect(refused('{"id": 1, "ok": 1}')).toThrow('ok: expected true or false, got number 1');
    expect(refused('{"id": 1, "s": 5}')).toThrow('s: expected a string, got number 5');
    expect(refused('{"id": 1, "tags": "a"}')).toThrow('tags: expected an array, got string "a"');
    expect(refused('{"id": 1, "byName": 3}')).toThrow('byName: expected an object, got number 3');
    expect(refused('{"id": 1, "zts": "soon"}')).toThrow('"soon" is not an RFC 3339 timestamp');
    expect(refused('"text"')).toThrow('the value: expected an object, got string "text"');
  });

  it('a schema that is not a struct lands as one column "value"; unknown types are named', () => {
    const { mapped, row } = land('{"schema": {"type": "int64", "optional": false}, "payload": 12345678901234567890}'.replace('12345678901234567890', '-9223372036854775808'));
    expect(types(mapped.fields)).toEqual({ value: 'long?' });
    expect(row).toEqual({ value: -9223372036854775808n });
    expect(() => mapConnectSchema({ type: 'struct', fields: [{ field: 'x', type: 'decimal' }] })).toThrow('x: Connect schema type "decimal"');
    expect(() => mapConnectSchema({ type: 'struct', fields: [] })).toThrow('the value: a Connect struct with no fields cannot land as an Iceberg struct');
    expect(() => mapConnectSchema({ type: 'array' })).toThrow(': a Connect array schema without items');
  });
});
