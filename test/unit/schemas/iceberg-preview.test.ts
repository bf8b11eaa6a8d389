import { describe, expect, it } from 'vitest';
import { icebergPreview } from '../../../electron/core/schemas/iceberg-preview';

const preview = (schemaType: 'AVRO' | 'JSON' | 'PROTOBUF', schema: string) => icebergPreview(null, { source: { draft: { schemaType, schema, references: [] } } });

describe('Iceberg preview of a draft (the landing type mapping)', () => {
  it('Avro: columns with Iceberg types, optional unions, notes', async () => {
    const p = await preview(
      'AVRO',
      JSON.stringify({
        type: 'record',
        name: 'Order',
        fields: [
          { name: 'id', type: 'long' },
          { name: 'at', type: { type: 'long', logicalType: 'timestamp-micros' } },
          { name: 'note', type: ['null', 'string'], default: null },
          { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }] } } },
        ],
      }),
    );
    expect(p.problem).toBeUndefined();
    expect(p.columns.map((c) => [c.name, c.type, c.required])).toEqual([
      ['id', 'long', true],
      ['at', expect.stringMatching(/^timestamp/), true],
      ['note', 'string', false],
      ['lines', expect.stringMatching(/^list<struct<.*sku.*string/), true],
    ]);
  });

  it('says why a recursive type cannot land, for Avro and Protobuf', async () => {
    const avro = await preview('AVRO', JSON.stringify({ type: 'record', name: 'Node', fields: [{ name: 'next', type: ['null', 'Node'], default: null }] }));
    expect(avro).toEqual({ columns: [], notes: [], problem: expect.stringMatching(/Avro record Node contains itself .*recursive types cannot land as Iceberg columns/) });
    const proto = await preview('PROTOBUF', 'syntax = "proto3";\nmessage Tree { repeated Tree children = 1; }');
    expect(proto.problem).toMatch(/Protobuf message Tree contains itself/);
  });

  it('JSON Schema: properties as columns', async () => {
    const p = await preview('JSON', JSON.stringify({ type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id'] }));
    expect(p.columns.map((c) => [c.name, c.type, c.required])).toEqual([
      ['id', 'long', true],
      ['name', 'string', false],
    ]);
  });
});
