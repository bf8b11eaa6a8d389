import { lazy } from '../util/lazy';

/**
 * The variables a filter sees. Numbers are CEL doubles (`value.id == 5` works, arithmetic with an int literal
 * needs `5.0` or `int(value.id)`), except integers beyond ±(2^53−1) — Avro longs, Protobuf 64-bit integers,
 * JSON integers — which are CEL ints and compare exactly (`value.id == 9007199254740993`); NaN and ±Infinity
 * are doubles; `timestamp` is a CEL timestamp; headers map name → text.
 */
export const FILTER_VARIABLES = ['key', 'value', 'headers', 'partition', 'offset', 'timestamp', 'size'] as const;
export type FilterVariable = (typeof FILTER_VARIABLES)[number];

export interface FilterContext {
  key?: unknown;
  value?: unknown;
  headers?: Record<string, string | null>;
  partition: number;
  offset: number;
  timestamp?: Date;
  size: number;
}

export interface CompiledFilter {
  source: string;
  /** Which variables the expression reads: the scan decodes only what is needed. */
  uses: Set<FilterVariable>;
  /** true/false; throws on an evaluation error (missing field, type mismatch). */
  test(context: FilterContext): boolean;
  /** test() for a scan: an evaluation error comes back as its first line (see evaluationMessage), not thrown. */
  evaluate(context: FilterContext): boolean | string;
  /**
   * String literals the filter requires a field of `key` or `value` to equal (from a top-level && chain of
   * `key/value.path == "literal"`), with the field's path: a JSON part whose raw text lacks the literal, JSON-quoted,
   * cannot match, nor an Avro part that lacks it as an Avro string where the path is a string field (LiteralCheck).
   */
  required: { variable: 'key' | 'value'; path: string[]; literal: string }[];
  /**
   * The top-level fields of `value` the filter reads when it reads `value` only as `value.<field>` (or
   * `value.?<field>`); null when it uses `value` otherwise (whole, indexed) or not at all. A decoder may
   * then build only these fields for the filter.
   */
  valueFields: Set<string> | null;
}

/** The first line of an evaluation error, for grouping per-record failures. */
export function evaluationMessage(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0] ?? 'evaluation failed';
}

/** The CEL compiler (cel-filter.ts with @marcbachmann/cel-js), loaded by the first filter or expression a process compiles. */
export const celFilter = lazy(() => import('./cel-filter'));
