import { FloeError } from '../../../../shared/errors';
import type { Schema } from '../spec/metadata';
import type { NestedField, PrimitiveType } from '../spec/types';
import { mapPreds, TRUE, type BoundPred, type Expr, type UnboundPred, type Value } from './expr';
import { literalValue } from './literals';

/** The top-level column a filter names (exact name first, then case-insensitively, as DuckDB resolves it). */
export function findColumn(schema: Schema, name: string): NestedField {
  const f = schema.fields.find((x) => x.name === name) ?? schema.fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!f) throw new FloeError('BAD_INPUT', `The filter names column "${name}", which the table does not have (columns: ${schema.fields.map((x) => x.name).join(', ')})`);
  return f;
}

/**
 * Binds a parsed filter to field ids for pruning. A predicate on a nested column, or whose literal has no exact value of
 * the column's type, becomes true: it prunes nothing (DuckDB still applies it to the rows).
 */
export function bindFilter(e: Expr<UnboundPred>, schema: Schema): Expr<BoundPred> {
  return mapPreds(e, (p): Expr<BoundPred> => {
    const field = findColumn(schema, p.column);
    if (['struct', 'list', 'map'].includes(field.type.kind)) return TRUE;
    const type = field.type as PrimitiveType;
    const values: Value[] = [];
    for (const lit of p.literals) {
      const v = literalValue(lit, type);
      if (v === undefined) return TRUE;
      values.push(v);
    }
    return { kind: 'pred', pred: { fieldId: field.id, name: field.name, type, op: p.op, values } };
  });
}
