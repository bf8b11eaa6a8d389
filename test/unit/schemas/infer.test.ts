import avro from 'avsc';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { avroSchemaOf, jsonSchemaOf } from '../../../electron/core/schemas/infer/infer-schemas';
import { addValue, emptyShape } from '../../../electron/core/schemas/infer/json-shape';

const RECORDS = [
  { id: 1, amount: 10, tags: ['a'], customer: { name: 'Ann', email: 'a@x' }, note: null },
  { id: 2, amount: 2.5, tags: [], customer: { name: 'Bob' } },
  { id: 9007199254740993n, amount: 3, tags: ['b', 'c'], customer: { name: 'Cy', email: 'c@x' }, note: 'hi', 'first-seen': true },
];
const shapeOf = (values: unknown[]) => {
  const s = emptyShape();
  for (const v of values) addValue(s, v);
  return s;
};

describe('schema inference from JSON records', () => {
  it('Avro: types widened, optional where some records lack the field or hold null, nested records, arrays', () => {
    const notes: string[] = [];
    const schema = avroSchemaOf(shapeOf(RECORDS), 'Order', 'shop', notes);
    expect(schema).toEqual({
      type: 'record',
      name: 'Order',
      namespace: 'shop',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'amount', type: 'double' },
        { name: 'tags', type: { type: 'array', items: 'string' } },
        {
          name: 'customer',
          type: {
            type: 'record',
            name: 'Customer',
            fields: [
              { name: 'name', type: 'string' },
              { name: 'email', type: ['null', 'string'], default: null },
            ],
          },
        },
        { name: 'note', type: ['null', 'string'], default: null },
        { name: 'first_seen', type: ['null', 'boolean'], default: null },
      ],
    });
    expect(notes).toEqual(['first-seen is not a valid Avro name: written as first_seen (records keep the original key)']);
    // avsc takes it, and reads the records that have valid names (the exact long included).
    const type = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false });
    expect(type.isValid({ ...RECORDS[0], id: 1, note: null, first_seen: null, customer: { name: 'Ann', email: 'a@x' } })).toBe(true);
  });

  it('Avro: a field of several types is a union; never-typed values are named in the notes', () => {
    const notes: string[] = [];
    const schema = avroSchemaOf(shapeOf([{ v: 1, e: [], n: null }, { v: 'x', e: [], n: null }]), 'R', undefined, notes) as { fields: unknown[] };
    expect(schema.fields).toEqual([
      { name: 'v', type: ['long', 'string'] },
      { name: 'e', type: { type: 'array', items: 'string' } },
      { name: 'n', type: ['null', 'string'], default: null },
    ]);
    expect(notes).toEqual(['e was always an empty array: items typed as string', 'n was always null or an empty array: typed as string']);
    expect(() => avro.Type.forSchema(schema as avro.Schema)).not.toThrow();
  });

  it('JSON Schema (2020-12): required where every record had the field; every record is valid against it', () => {
    const schema = jsonSchemaOf(shapeOf(RECORDS));
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['id', 'amount', 'tags', 'customer'],
      properties: {
        id: { type: 'integer' },
        amount: { type: 'number' },
        tags: { type: 'array', items: { type: 'string' } },
        customer: { type: 'object', required: ['name'], properties: { email: { type: 'string' } } },
        note: { type: ['string', 'null'] },
        'first-seen': { type: 'boolean' },
      },
    });
    const validate = new Ajv2020({ strict: false }).compile(schema);
    for (const r of RECORDS) expect(validate({ ...r, id: Number(r.id) }), JSON.stringify(validate.errors)).toBe(true);
  });
});
