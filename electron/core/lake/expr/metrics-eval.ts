import type { ContentFile } from '../spec/manifest';
import { mightMatch, type BoundPred, type Expr, type Value } from './expr';
import { decodeSingleValue } from './single-value';
import { compareValues, isNaNValue } from './values';

/**
 * Whether a data file may hold matching rows, from its column metrics (spec "Manifests": value and null counts,
 * lower and upper bounds keyed by field id). Bounds may be truncated (strings); a truncated lower bound is still
 * a lower bound and writers round a truncated upper bound up, so the comparisons stay safe. A column without
 * metrics (added after the file was written, or metrics off) prunes nothing.
 */
export function metricsMightMatch(filter: Expr<BoundPred>, file: ContentFile): boolean {
  if (file.recordCount === 0) return false;
  return mightMatch(filter, (p) => {
    const nulls = file.nullValueCounts?.get(p.fieldId);
    const values = file.valueCounts?.get(p.fieldId);
    const allNull = nulls !== undefined && values !== undefined && nulls === values;
    if (p.op === 'isNull') return nulls === undefined || nulls > 0n;
    if (p.op === 'notNull') return !allNull;
    if (allNull) return false;
    if (p.op === 'notEq') return true;
    // DuckDB orders NaN above every number, so `> v` holds for NaN: a file that may hold NaNs stays.
    if (p.type.kind === 'double' && (p.op === 'gt' || p.op === 'gtEq') && (file.nanValueCounts?.get(p.fieldId) ?? 1n) > 0n) return true;
    const lowerBytes = file.lowerBounds?.get(p.fieldId);
    const upperBytes = file.upperBounds?.get(p.fieldId);
    const lower = lowerBytes ? decodeSingleValue(p.type, lowerBytes) : undefined;
    const upper = upperBytes ? decodeSingleValue(p.type, upperBytes) : undefined;
    const usable = (b: Value | undefined): b is Value => b !== undefined && !isNaNValue(b);
    const v = p.values[0];
    if (v === undefined) return true;
    switch (p.op) {
      case 'lt':
        return !usable(lower) || compareValues(lower, v) < 0;
      case 'ltEq':
        return !usable(lower) || compareValues(lower, v) <= 0;
      case 'gt':
        return !usable(upper) || compareValues(upper, v) > 0;
      case 'gtEq':
        return !usable(upper) || compareValues(upper, v) >= 0;
      case 'eq':
        return (!usable(lower) || compareValues(lower, v) <= 0) && (!usable(upper) || compareValues(upper, v) >= 0);
      case 'in':
        return p.values.some((x) => (!usable(lower) || compareValues(lower, x) <= 0) && (!usable(upper) || compareValues(upper, x) >= 0));
    }
  });
}
