import { describe, expect, it } from 'vitest';
import { parseExact } from '../../../electron/core/decode/exact-json';
import { mapJsonSchema } from '../../../electron/core/land/type-mapping/json-schema-mapping';
import type { NestedField } from '../../../electron/core/lake/spec/types';
import { typeToString } from '../../../electron/core/lake/spec/types';

// Real JSON Schema text; each record is JSON text parsed exactly, as the landing decoder parses it.

const land = (schema: object, json: string) => {
  const mapped = mapJsonSchema(JSON.stringify(schema));
  return { mapped, row: mapped.convert(parseExact(json)) };
};
const types = (fields: NestedField[]) => Object.fromEntries(fields.map((f) => [f.name, `${typeToString(f.type)}${f.required ? '' : '?'}`]));

const ORDER = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Order',
  type: 'object',
  required: ['id', 'at', 'price'],
  properties: {
    id: { type: 'integer', description: 'order id' },
    at: { type: 'string', format: 'date-time' },
    day: { type: 'string', format: 'date' },
    time: { type: 'string', format: 'time' },
    ref: { type: 'string', format: 'uuid' },
    price: { type: 'number' },
    paid: { type: ['boolean', 'null'] },
    status: { enum: ['NEW', 'PAID'] },
    note: { type: 'string' },
    lines: { type: 'array', items: { $ref: '#/definitions/Line' } },
    tags: { type: 'array', items: { type: ['string', 'null'] } },
    attrs: { type: 'object', additionalProperties: { type: 'integer' } },
    maybe: { oneOf: [{ type: 'null' }, { type: 'integer' }] },
    either: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
  },
  definitions: { Line: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' }, qty: { type: 'integer' } } } },
};

describe('JSON Schema → Iceberg', () => {
  it('maps each type and converts exactly (integers past 2^53, date-time with zone to µs, date to days, time to µs)', () => {
    const { mapped, row } = land(
      ORDER,
      `{"id": 9007199254740993, "at": "2023-11-14T22:13:20.123456789Z", "day": "2024-02-29", "time": "12:34:56.789",
        "ref": "0f8fad5b-d9cb-469f-a165-70867728950e", "price": 12.5, "paid": null, "status": "PAID", "note": "n",
        "lines": [{"sku": "A", "qty": 2}], "tags": ["x", null], "attrs": {"a": 1},
        "maybe": 7, "either": 12345678901234567890}`,
    );
    expect(types(mapped.fields)).toEqual({
      id: 'long',
      at: 'timestamptz',
      day: 'date?',
      time: 'time?',
      ref: 'uuid?',
      price: 'double',
      paid: 'boolean?',
      status: 'string?',
      note: 'string?',
      lines: 'list<struct<sku: string, qty: long>>?',
      tags: 'list<string>?',
      attrs: 'map<string, long>?',
      maybe: 'long?',
      either: 'string?',
    });
    expect(mapped.fields[0]!.doc).toBe('order id');
    expect(row).toEqual({
      id: 9007199254740993n,
      at: 1700000000123456n,
      day: 19782,
      time: 45296789000n,
      ref: '0f8fad5b-d9cb-469f-a165-70867728950e',
      price: 12.5,
      paid: null,
      status: 'PAID',
      note: 'n',
      lines: [{ sku: 'A', qty: 2n }],
      tags: ['x', null],
      attrs: new Map([['a', 1n]]),
      maybe: 7n,
      either: '12345678901234567890',
    });
    const lines = mapped.fields.find((f) => f.name === 'lines')!.type;
    expect(lines.kind === 'list' && lines.element.kind === 'struct' && lines.element.fields.map((f) => f.required)).toEqual([true, false]);
    expect(mapped.notes).toContain('either: oneOf of several types lands as string (the value\'s JSON text)');
  });

  it('a value of several types keeps its JSON text with every digit', () => {
    const { row } = land({ type: 'object', properties: { v: { type: ['integer', 'object'] } } }, '{"v": {"n": 12345678901234567890, "s": "x"}}');
    expect(row).toEqual({ v: '{"n":12345678901234567890,"s":"x"}' });
  });

  it('records that do not match the schema are refused naming the field', () => {
    const base = '"id": 1, "at": "2023-11-14T22:13:20Z", "price": 1';
    const refused = (json: string) => () => land(ORDER, json);
    expect(refused('{"at": "2023-11-14T22:13:20Z", "price": 1}')).toThrow('id is required but missing');
    expect(refused('{"id": null, "at": "2023-11-14T22:13:20Z", "price": 1}')).toThrow('id is required but null');
    expect(refused('{"id": 1.5, "at": "2023-11-14T22:13:20Z", "price": 1}')).toThrow('id: expected an integer, got number 1.5');
    expect(refused('{"id": 18446744073709551615, "at": "2023-11-14T22:13:20Z", "price": 1}')).toThrow('id: expected a 64-bit integer, got number 18446744073709551615');
    expect(refused('{"id": 1, "at": "2023-11-14T22:13:20Z", "price": "cheap"}')).toThrow('price: expected a number, got string "cheap"');
    expect(refused(`{${base}, "paid": "false"}`)).toThrow('paid: expected true or false, got string "false"');
    expect(refused(`{${base}, "note": {"a": 1}}`)).toThrow('note: expected a string, got an object');
    expect(refused(`{${base}, "lines": {"sku": "A"}}`)).toThrow('lines: expected an array, got an object');
    expect(refused(`{${base}, "lines": [{"qty": 1}]}`)).toThrow('lines[].sku is required but missing');
    expect(refused(`{${base}, "attrs": [1]}`)).toThrow('attrs: expected an object, got an array');
    expect(refused('{"id": 1, "at": "yesterday", "price": 1}')).toThrow('"yesterday" is not an RFC 3339 timestamp');
    expect(refused(`{${base}, "day": "2024-02-30"}`)).toThrow('"2024-02-30" is not a date');
    expect(refused(`{${base}, "time": "noon"}`)).toThrow('"noon" is not a time of day');
    expect(refused('[1, 2]')).toThrow('the value: expected an object, got an array');
  });

  it('a schema that is not an object lands as one column "value"', () => {
    const { mapped, row } = land({ type: 'integer' }, '-9223372036854775808');
    expect(types(mapped.fields)).toEqual({ value: 'long?' });
    expect(row).toEqual({ value: -9223372036854775808n });
  });

  it('objects without properties, arrays without one item schema and untyped values land as JSON text, with a note', () => {
    const { mapped, row } = land({ type: 'object', properties: { free: { type: 'object' }, tuple: { type: 'array', items: [{ type: 'string' }] }, any: {} } }, '{"free": {"a": [1]}, "tuple": ["a"], "any": true}');
    expect(types(mapped.fields)).toEqual({ free: 'string?', tuple: 'string?', any: 'string?' });
    expect(row).toEqual({ free: '{"a":[1]}', tuple: '["a"]', any: 'true' });
    expect(mapped.notes).toEqual([
      'free: an object without declared properties lands as string (its JSON text)',
      'tuple: an array without one item schema lands as string (its JSON text)',
      'any: no type given: lands as string (the value\'s JSON text)',
    ]);
  });

  it('recursive $refs are refused by name; $refs outside the schema or to nothing are named', () => {
    const tree = { type: 'object', properties: { kids: { type: 'array', items: { $ref: '#/definitions/Node' } } }, definitions: { Node: { type: 'object', properties: { next: { $ref: '#/definitions/Node' } } } } };
    expect(() => mapJsonSchema(JSON.stringify(tree))).toThrow('#/definitions/Node contains itself (at kids[].next): recursive types cannot land as Iceberg columns');
    expect(() => mapJsonSchema(JSON.stringify({ type: 'object', properties: { a: { $ref: 'other.json#/A' } } }))).toThrow('a: $ref other.json#/A points outside the schema');
    expect(() => mapJsonSchema(JSON.stringify({ type: 'object', properties: { a: { $ref: '#/definitions/Nope' } } }))).toThrow('a: $ref #/definitions/Nope names nothing in the schema');
    expect(() => mapJsonSchema('{"type": ')).toThrow(/The JSON Schema is not JSON/);
  });
});
