import { describe, expect, it } from 'vitest';
import { checkKeys, diffColumns } from '../../../electron/core/lake/diff/diff-columns';
import type { Schema } from '../../../electron/core/lake/spec/metadata';
import type { IcebergType } from '../../../electron/core/lake/spec/types';

const field = (id: number, name: string, type: IcebergType) => ({ id, name, required: false, type });
const schema = (schemaId: number, ...fields: ReturnType<typeof field>[]): Schema => ({ schemaId, fields, identifierFieldIds: [] });

describe('diffColumns', () => {
  const from = schema(0, field(1, 'id', { kind: 'long' }), field(2, 'name', { kind: 'string' }), field(3, 'qty', { kind: 'int' }), field(4, 'gone', { kind: 'string' }));
  const to = schema(1, field(1, 'id', { kind: 'long' }), field(2, 'label', { kind: 'string' }), field(3, 'qty', { kind: 'long' }), field(5, 'note', { kind: 'string' }));

  it('matches columns by field id: a rename is the same column, a promotion casts the old side', () => {
    expect(diffColumns(from, to)).toEqual({
      compared: [
        { name: 'id', fromName: 'id' },
        { name: 'label', fromName: 'name' },
        { name: 'qty', fromName: 'qty', castFrom: 'BIGINT' },
      ],
      skipped: [
        { name: 'note', side: 'to' },
        { name: 'gone', side: 'from' },
      ],
    });
  });

  it('accepts shared key columns and names the others', () => {
    const cols = diffColumns(from, to);
    expect(() => checkKeys(['id', 'label'], cols)).not.toThrow();
    expect(() => checkKeys(['note', 'nope'], cols)).toThrow(/Key column note \(only one snapshot has it\), nope is not a column both snapshots have \(they share: id, label, qty\)/);
  });

  it('refuses snapshots without a shared column', () => {
    const cols = diffColumns(schema(0, field(1, 'a', { kind: 'int' })), schema(1, field(2, 'b', { kind: 'int' })));
    expect(() => checkKeys([], cols)).toThrow(/The two snapshots share no column \(b, a are each on one side only\)/);
  });
});
