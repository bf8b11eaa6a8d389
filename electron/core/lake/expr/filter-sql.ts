import type { Schema } from '../spec/metadata';
import { quoteIdent } from '../spec/types';
import type { Expr, Literal, UnboundPred } from './expr';
import { findColumn } from './bind';

const SQL_OP = { eq: '=', notEq: '<>', lt: '<', ltEq: '<=', gt: '>', gtEq: '>=' } as const;

function literalSql(l: Literal): string {
  if (l.kind === 'string') return `'${l.value.replace(/'/g, "''")}'`;
  if (l.kind === 'boolean') return l.value ? 'true' : 'false';
  return l.text;
}

/** The filter as a DuckDB WHERE condition, rebuilt from the parse (quoted column names, escaped literals): never the raw text. */
export function filterSql(e: Expr<UnboundPred>, schema: Schema): string {
  switch (e.kind) {
    case 'true':
      return 'true';
    case 'false':
      return 'false';
    case 'and':
    case 'or':
      return `(${filterSql(e.left, schema)} ${e.kind.toUpperCase()} ${filterSql(e.right, schema)})`;
    case 'pred': {
      const p = e.pred;
      const col = quoteIdent(findColumn(schema, p.column).name);
      if (p.op === 'isNull') return `${col} IS NULL`;
      if (p.op === 'notNull') return `${col} IS NOT NULL`;
      if (p.op === 'in') return `${col} IN (${p.literals.map(literalSql).join(', ')})`;
      return `${col} ${SQL_OP[p.op]} ${literalSql(p.literals[0] ?? { kind: 'boolean', value: false })}`;
    }
  }
}
