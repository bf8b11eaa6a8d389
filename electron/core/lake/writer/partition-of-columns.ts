import type { Value } from '../expr/expr';
import { applyTransform, type Transform } from '../expr/transforms';
import type { PrimitiveType } from '../spec/types';
import type { Column, FixedColumn } from './chunk-columns';
import type { WriteTarget } from './rows-writer';

/** A row's partition values, read back from the chunk columns it was written into. */
export type ColumnsPartition = (columns: Column[], row: number) => (Value | null)[];

/** Reads a source value as the row path's values hold it: int and date a number, 64-bit kinds a bigint. */
function sourceReader(kind: string): ((c: FixedColumn, row: number) => Value) | null {
  switch (kind) {
    case 'int':
    case 'date':
      return (c, row) => c.view.getInt32(row * 4, true);
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return (c, row) => c.view.getBigInt64(row * 8, true);
    default:
      return null;
  }
}

/**
 * The partition of a row written straight into chunk columns (staged-rows.ts addDirect), with the values the row
 * path's partitionOf would give. Null when a partition's source is not a top-level column of a fixed-width integer or
 * temporal kind (strings and nested fields are read by the row path).
 */
export function columnsPartition(target: WriteTarget): ColumnsPartition | null {
  const parts: { index: number; read: (c: FixedColumn, row: number) => Value; transform: Transform; type: PrimitiveType }[] = [];
  for (const c of target.columns) {
    const index = target.fields.findIndex((f) => f.id === c.sourceId);
    const read = index < 0 ? null : sourceReader(c.sourceType.kind);
    if (!read || c.transform.kind === 'void') return null;
    parts.push({ index, read, transform: c.transform, type: c.sourceType });
  }
  return (columns, row) =>
    parts.map((p) => {
      const column = columns[p.index] as FixedColumn;
      return column.isNull(row) ? null : applyTransform(p.transform, p.type, p.read(column, row));
    });
}
