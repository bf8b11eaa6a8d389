import { createHash } from 'node:crypto';
import type { Schema } from '../spec/metadata';
import { bindFilter } from './bind';
import type { BoundPred, Expr } from './expr';
import { filterSql } from './filter-sql';
import { parseFilter } from './filter-parse';

export interface CompiledFilter {
  /** The WHERE condition DuckDB applies to the rows: the exact filter. */
  sql: string;
  /** The filter over field ids, for pruning manifests and files. */
  bound: Expr<BoundPred>;
  /** A short name for the filter (its SQL hashed), for the pruned view. */
  key: string;
}

/** Parses a row filter against the schema a scan reads. */
export function compileFilter(text: string, schema: Schema): CompiledFilter {
  const parsed = parseFilter(text);
  const sql = filterSql(parsed, schema);
  return { sql, bound: bindFilter(parsed, schema), key: createHash('sha256').update(sql).digest('hex').slice(0, 12) };
}
