import type { PartitionSpec } from '../spec/metadata';
import type { PrimitiveType } from '../spec/types';
import { and, mapPreds, TRUE, type BoundPred, type Expr, type Op, type Value } from './expr';
import { applyTransform, parseTransform, resultType, type Transform } from './transforms';

/** A predicate over one field of a partition tuple, in the field's result type. */
export interface PartitionPred {
  pos: number;
  name: string;
  type: PrimitiveType;
  op: Op;
  values: Value[];
}

/** Types whose values step by one unit (so `< v` is `<= v - 1`). */
const DISCRETE = new Set(['int', 'long', 'decimal', 'date', 'time', 'timestamp', 'timestamptz']);

function minusOne(v: Value): Value {
  return typeof v === 'bigint' ? v - 1n : (v as number) - 1;
}
function plusOne(v: Value): Value {
  return typeof v === 'bigint' ? v + 1n : (v as number) + 1;
}

/**
 * What a source-column predicate says about one partition field (inclusive projection, spec "Scan Planning"):
 * a file whose partition value fails the result cannot hold a matching row. Identity keeps every predicate; bucket
 * keeps only = and IN; truncate and the time transforms (order-preserving) keep =, IN and the range predicates,
 * widening strict bounds (`< v` → `<= T(v - 1)` for discrete types, `<= T(v)` for text); IS [NOT] NULL survives
 * every transform but void. Anything else projects to true: no pruning.
 */
export function projectPredicate(t: Transform, source: PrimitiveType, p: BoundPred): { op: Op; values: Value[] } | null {
  if (t.kind === 'void') return null;
  if (p.op === 'isNull' || p.op === 'notNull') return { op: p.op, values: [] };
  const apply = (v: Value) => applyTransform(t, source, v);
  if (t.kind === 'identity') return { op: p.op, values: p.values };
  if (p.op === 'eq' || p.op === 'in') return { op: p.op, values: p.values.map(apply) };
  if (t.kind === 'bucket' || p.op === 'notEq') return null;
  const v = p.values[0];
  if (v === undefined) return null;
  const discrete = DISCRETE.has(source.kind);
  switch (p.op) {
    case 'lt':
      return { op: 'ltEq', values: [apply(discrete ? minusOne(v) : v)] };
    case 'ltEq':
      return { op: 'ltEq', values: [apply(v)] };
    case 'gt':
      return { op: 'gtEq', values: [apply(discrete ? plusOne(v) : v)] };
    case 'gtEq':
      return { op: 'gtEq', values: [apply(v)] };
  }
}

/** The filter as predicates over a partition spec's tuple: every partition field derived from a column constrains it. */
export function projectFilter(filter: Expr<BoundPred>, spec: PartitionSpec | undefined): Expr<PartitionPred> {
  if (!spec || spec.fields.length === 0) return TRUE;
  const fields = spec.fields.map((f, pos) => ({ f, pos, transform: parseTransform(f.transform) }));
  return mapPreds(filter, (p): Expr<PartitionPred> => {
    let out: Expr<PartitionPred> = TRUE;
    for (const { f, pos, transform } of fields) {
      if (f.sourceId !== p.fieldId || !transform) continue;
      let projected: { op: Op; values: Value[] } | null;
      try {
        projected = projectPredicate(transform, p.type, p);
      } catch {
        projected = null; // a transform that does not apply to the type (a malformed spec): no pruning
      }
      if (projected) out = and(out, { kind: 'pred', pred: { pos, name: f.name, type: resultType(transform, p.type), ...projected } });
    }
    return out;
  });
}
