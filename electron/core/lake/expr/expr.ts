import type { PrimitiveType } from '../spec/types';

/** Predicate operators a row filter can use. */
export type Op = 'eq' | 'notEq' | 'lt' | 'ltEq' | 'gt' | 'gtEq' | 'isNull' | 'notNull' | 'in';

/** A boolean expression over predicates `P`: column predicates joined by AND/OR, with constant true/false. */
export type Expr<P> = { kind: 'and' | 'or'; left: Expr<P>; right: Expr<P> } | { kind: 'true' } | { kind: 'false' } | { kind: 'pred'; pred: P };

export type Literal = { kind: 'string'; value: string } | { kind: 'number'; text: string } | { kind: 'boolean'; value: boolean };

/** A predicate as typed: a column name and literals. */
export interface UnboundPred {
  column: string;
  op: Op;
  literals: Literal[];
}

/**
 * A value in Iceberg's own representation of its type: int, date, float, double and transform results as number;
 * long, time, timestamp(tz) and decimal (unscaled) as bigint; string; boolean; binary, fixed and uuid as bytes.
 */
export type Value = number | bigint | string | boolean | Uint8Array;

/** A predicate bound to a field id, its literals converted to the field's type. */
export interface BoundPred {
  fieldId: number;
  name: string;
  type: PrimitiveType;
  op: Op;
  values: Value[];
}

export const TRUE = { kind: 'true' } as const;
export const FALSE = { kind: 'false' } as const;

export function and<P>(left: Expr<P>, right: Expr<P>): Expr<P> {
  if (left.kind === 'false' || right.kind === 'false') return FALSE;
  if (left.kind === 'true') return right;
  if (right.kind === 'true') return left;
  return { kind: 'and', left, right };
}

export function or<P>(left: Expr<P>, right: Expr<P>): Expr<P> {
  if (left.kind === 'true' || right.kind === 'true') return TRUE;
  if (left.kind === 'false') return right;
  if (right.kind === 'false') return left;
  return { kind: 'or', left, right };
}

/** Replaces every predicate by an expression (simplifying constants on the way). */
export function mapPreds<P, Q>(e: Expr<P>, f: (p: P) => Expr<Q>): Expr<Q> {
  switch (e.kind) {
    case 'and':
      return and(mapPreds(e.left, f), mapPreds(e.right, f));
    case 'or':
      return or(mapPreds(e.left, f), mapPreds(e.right, f));
    case 'pred':
      return f(e.pred);
    default:
      return e;
  }
}

/** False only when no row can match: `leaf` answers for one predicate whether it might hold. */
export function mightMatch<P>(e: Expr<P>, leaf: (p: P) => boolean): boolean {
  switch (e.kind) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'and':
      return mightMatch(e.left, leaf) && mightMatch(e.right, leaf);
    case 'or':
      return mightMatch(e.left, leaf) || mightMatch(e.right, leaf);
    case 'pred':
      return leaf(e.pred);
  }
}
