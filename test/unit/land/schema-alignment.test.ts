import { describe, expect, it } from 'vitest';
import { mapAvroSchema } from '../../../electron/core/land/type-mapping/avro-mapping';
import { alignToTable, freshSchema } from '../../../electron/core/land/type-mapping/schema-alignment';
import { typeToString } from '../../../electron/core/lake/spec/types';

// A table created from one Avro schema version, then aligned to the next version as the landing does.

const v = (fields: object[]) => mapAvroSchema(JSON.stringify({ type: 'record', name: 'Order', namespace: 'floe.test', fields })).fields;
const V1 = [
  { name: 'id', type: 'int' },
  { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
  { name: 'ratio', type: 'float' },
  { name: 'note', type: 'string' },
  { name: 'addr', type: { type: 'record', name: 'Addr', fields: [{ name: 'city', type: 'string' }] } },
  { name: 'tags', type: { type: 'array', items: 'string' } },
];
const table = freshSchema(v(V1));
const evolve = (fields: object[]) => alignToTable(v(fields), table.fields, table.lastColumnId);
const replace = (name: string, type: unknown) => V1.map((f) => (f.name === name ? { name, type } : f));

describe('schema alignment', () => {
  it('a new table gets ids from 1, a struct’s fields before what they hold', () => {
    expect(table.fields.map((f) => [f.id, f.name])).toEqual([
      [1, 'id'],
      [2, 'price'],
      [3, 'ratio'],
      [4, 'note'],
      [5, 'addr'],
      [6, 'tags'],
    ]);
    expect(table.fields[4]!.type).toMatchObject({ kind: 'struct', fields: [{ id: 7, name: 'city' }] });
    expect(table.fields[5]!.type).toMatchObject({ kind: 'list', elementId: 8 });
    expect(table.lastColumnId).toBe(8);
  });

  it('the same schema changes nothing', () => {
    expect(evolve(V1)).toEqual({ fields: table.fields, lastColumnId: 8, changes: [] });
  });

  it('compatible changes evolve by field id: add optional column (nested too), widen int→long, float→double, decimal precision, required→optional', () => {
    const a = evolve([
      { name: 'id', type: 'long' },
      { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 2 } },
      { name: 'ratio', type: 'double' },
      { name: 'note', type: ['null', 'string'] },
      { name: 'addr', type: { type: 'record', name: 'Addr', fields: [{ name: 'city', type: 'string' }, { name: 'zip', type: 'string' }] } },
      { name: 'tags', type: { type: 'array', items: ['null', 'string'] } },
      { name: 'added', type: { type: 'map', values: 'long' } },
    ]);
    expect(a.changes).toEqual([
      { path: 'id', kind: 'widen', detail: 'int → long' },
      { path: 'price', kind: 'widen', detail: 'decimal(10, 2) → decimal(18, 2)' },
      { path: 'ratio', kind: 'widen', detail: 'float → double' },
      { path: 'note', kind: 'make-optional', detail: 'may now be null' },
      { path: 'addr.zip', kind: 'add', detail: 'new optional column string' },
      { path: 'tags[]', kind: 'make-optional', detail: 'elements may now be null' },
      { path: 'added', kind: 'add', detail: 'new optional column map<string, long>' },
    ]);
    expect(a.fields.map((f) => `${f.id} ${f.name}: ${typeToString(f.type)}${f.required ? '' : '?'}`)).toEqual([
      '1 id: long',
      '2 price: decimal(18, 2)',
      '3 ratio: double',
      '4 note: string?',
      '5 addr: struct<city: string, zip: string>',
      '6 tags: list<string>',
      '10 added: map<string, long>?',
    ]);
    expect(a.fields[4]!.type).toMatchObject({ fields: [{ id: 7 }, { id: 9, name: 'zip', required: false }] });
    expect(a.fields[5]!.type).toMatchObject({ elementId: 8, elementRequired: false });
    expect(a.fields[6]!.type).toMatchObject({ keyId: 11, valueId: 12 });
    expect(a.lastColumnId).toBe(12);
  });

  it('a column the schema dropped stays, optional; a narrower type writes into the wider column unchanged', () => {
    const widened = alignToTable(v(replace('id', 'long')), table.fields, table.lastColumnId);
    const back = alignToTable(v(V1.filter((f) => f.name !== 'note')), widened.fields, widened.lastColumnId);
    expect(back.changes).toEqual([{ path: 'note', kind: 'make-optional', detail: 'no longer in the schema: becomes optional' }]);
    expect(back.fields.find((f) => f.name === 'id')!.type).toEqual({ kind: 'long' });
    expect(back.fields.find((f) => f.name === 'note')!.required).toBe(false);
  });

  it('incompatible changes are named: a type change, a decimal scale change, a struct becoming a scalar, a list of another type; narrowing keeps the wider column', () => {
    const wide = freshSchema(v(replace('id', 'long')));
    expect(alignToTable(v(V1), wide.fields, wide.lastColumnId).changes).toEqual([]); // int into long: no change, as above
    expect(alignToTable(v(replace('ratio', 'double')), table.fields, 8).changes).toEqual([{ path: 'ratio', kind: 'widen', detail: 'float → double' }]);
    expect(evolve(replace('id', 'string')).changes).toEqual([{ path: 'id', kind: 'incompatible', detail: 'the table has int, the schema now says string' }]);
    // A narrower decimal's values fit the column as it is: no change, no conflict.
    expect(evolve(replace('price', { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 })).changes).toEqual([]);
    expect(evolve(replace('price', { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 3 })).changes).toEqual([
      { path: 'price', kind: 'incompatible', detail: 'the table has decimal(10, 2), the schema now says decimal(12, 3)' },
    ]);
    expect(evolve(replace('addr', 'string')).changes).toEqual([{ path: 'addr', kind: 'incompatible', detail: 'the table has struct<city: string>, the schema now says string' }]);
    expect(evolve(replace('tags', { type: 'array', items: 'long' })).changes).toEqual([{ path: 'tags[]', kind: 'incompatible', detail: 'the table has string, the schema now says long' }]);
  });

  it('a required field added by the schema lands as an optional column (rows written before have no value)', () => {
    const a = evolve([...V1, { name: 'must', type: 'string' }]);
    expect(a.changes).toEqual([{ path: 'must', kind: 'add', detail: 'new optional column string' }]);
    expect(a.fields.at(-1)).toMatchObject({ id: 9, name: 'must', required: false });
  });
});
