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

  const SHOP = `syntax = "proto3";
package shop;
message Order { int64 id = 1; repeated Line lines = 2; message Line { string sku = 1; int32 qty = 2; } }
message Refund { int64 order_id = 1; double amount = 2; }
`;
  const protobufPreview = (message?: string, schema = SHOP) => icebergPreview(null, { source: { draft: { schemaType: 'PROTOBUF', schema, references: [] } }, ...(message ? { message } : {}) });

  it('Protobuf: the file’s first message by default, every message listed; another one chosen by full, nested or package-relative name', async () => {
    const first = await protobufPreview();
    expect(first).toMatchObject({ message: 'shop.Order', messages: ['shop.Order', 'shop.Order.Line', 'shop.Refund'] });
    expect(first.columns.map((c) => c.name)).toEqual(['id', 'lines']);
    const refund = await protobufPreview('shop.Refund');
    expect(refund.columns.map((c) => [c.name, c.type])).toEqual([
      ['order_id', 'long'],
      ['amount', 'double'],
    ]);
    expect((await protobufPreview('Order.Line')).columns.map((c) => c.name)).toEqual(['sku', 'qty']);
    expect((await protobufPreview('.shop.Order.Line')).message).toBe('shop.Order.Line');
  });

  it('bad input: a message the file does not have, a message for a schema that is not Protobuf, an import nothing provides', async () => {
    await expect(protobufPreview('shop.Invoice')).rejects.toThrow('the Protobuf schema has no message "shop.Invoice": it has shop.Order, shop.Order.Line, shop.Refund');
    await expect(icebergPreview(null, { source: { draft: { schemaType: 'AVRO', schema: '"string"', references: [] } }, message: 'x' })).rejects.toThrow('a message is chosen for Protobuf schemas only (this one is AVRO)');
    await expect(protobufPreview(undefined, SHOP.replace('package shop;', 'package shop;\nimport "shop/money.proto";'))).rejects.toThrow(
      'the Protobuf schema imports "shop/money.proto", which none of its references provides',
    );
  });
});
