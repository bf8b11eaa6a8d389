import type { PartitionFieldSummary } from '../spec/manifest';
import { mightMatch, type Expr } from './expr';
import type { PartitionPred } from './project';
import { decodeSingleValue, partitionValue } from './single-value';
import { compareValues, isNaNValue } from './values';

/** Whether a data file's partition tuple may hold rows matching the projected filter (exact: the tuple is known). */
export function partitionMightMatch(projected: Expr<PartitionPred>, partition: Record<string, unknown>): boolean {
  return mightMatch(projected, (p) => {
    const v = partitionValue(partition[p.name], p.type);
    if (v === undefined) return true;
    if (p.op === 'isNull') return v === null;
    if (p.op === 'notNull') return v !== null;
    if (v === null) return false;
    if (isNaNValue(v)) return p.op === 'gt' || p.op === 'gtEq' || p.op === 'notEq'; // DuckDB orders NaN above every number
    const c = (x: (typeof p.values)[number]) => compareValues(v, x);
    switch (p.op) {
      case 'eq':
        return c(p.values[0] as never) === 0;
      case 'notEq':
        return c(p.values[0] as never) !== 0;
      case 'lt':
        return c(p.values[0] as never) < 0;
      case 'ltEq':
        return c(p.values[0] as never) <= 0;
      case 'gt':
        return c(p.values[0] as never) > 0;
      case 'gtEq':
        return c(p.values[0] as never) >= 0;
      case 'in':
        return p.values.some((x) => c(x) === 0);
    }
  });
}

/**
 * Whether a manifest may hold matching files, from the manifest list's partition field summaries (null flags and
 * lower/upper bounds of each partition field over the manifest's files). Missing summaries prune nothing.
 */
export function summariesMightMatch(projected: Expr<PartitionPred>, summaries: PartitionFieldSummary[] | null): boolean {
  if (!summaries) return true;
  return mightMatch(projected, (p) => {
    const s = summaries[p.pos];
    if (!s) return true;
    if (p.op === 'isNull') return s.containsNull;
    const lower = s.lowerBound ? decodeSingleValue(p.type, s.lowerBound) : null;
    const upper = s.upperBound ? decodeSingleValue(p.type, s.upperBound) : null;
    if (p.op === 'notNull') return !(s.containsNull && lower === null && s.containsNan !== true);
    if (p.op === 'notEq') return true;
    if ((p.op === 'gt' || p.op === 'gtEq') && s.containsNan !== false && p.type.kind === 'double') return true;
    // No lower bound while nulls or NaNs are present: every value is null or NaN, and no comparison holds for those.
    if (lower === null) return !(s.containsNull || s.containsNan === true);
    if (lower === undefined || upper === undefined || isNaNValue(lower) || (upper !== null && isNaNValue(upper))) return true;
    const v = p.values[0];
    if (v === undefined) return true;
    switch (p.op) {
      case 'lt':
        return compareValues(lower, v) < 0;
      case 'ltEq':
        return compareValues(lower, v) <= 0;
      case 'gt':
        return upper === null || compareValues(upper, v) > 0;
      case 'gtEq':
        return upper === null || compareValues(upper, v) >= 0;
      case 'eq':
        return compareValues(lower, v) <= 0 && (upper === null || compareValues(upper, v) >= 0);
      case 'in':
        return p.values.some((x) => compareValues(lower, x) <= 0 && (upper === null || compareValues(upper, x) >= 0));
    }
  });
}
