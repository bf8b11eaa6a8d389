import { quoteIdent } from '../spec/types';
import type { ComparedColumn } from './diff-columns';

const SIDE = '__floe_side';
const NTH = '__floe_nth';

/**
 * The SQL of a snapshot diff over two registered views: rows in `to` and not in `from` are added, the reverse
 * removed (as multisets: a duplicate row counts). With key columns, a removed and an added row with the same key
 * (paired in order when a key repeats) are one `changed` row: its new values, and the old values of the other
 * columns in a `before` struct. Output columns: `change`, then the compared columns (named as in `to`).
 */
export function diffSql(fromView: string, toView: string, columns: ComparedColumn[], keys: string[]): string {
  const q = quoteIdent;
  const fromCols = columns.map((c) => `${c.castFrom ? `CAST(${q(c.fromName)} AS ${c.castFrom})` : q(c.fromName)} AS ${q(c.name)}`).join(', ');
  const toCols = columns.map((c) => q(c.name)).join(', ');
  const ctes = [
    `f AS (SELECT ${fromCols} FROM ${fromView})`,
    `t AS (SELECT ${toCols} FROM ${toView})`,
    `removed AS (SELECT * FROM f EXCEPT ALL SELECT * FROM t)`,
    `added AS (SELECT * FROM t EXCEPT ALL SELECT * FROM f)`,
  ];
  if (keys.length === 0) {
    return `WITH ${ctes.join(',\n  ')}\nSELECT 'added' AS change, * FROM added\nUNION ALL\nSELECT 'removed' AS change, * FROM removed`;
  }
  const keySet = new Set(keys);
  const others = columns.filter((c) => !keySet.has(c.name));
  const byKey = keys.map(q).join(', ');
  const order = columns.map((c) => q(c.name)).join(', ');
  const numbered = (name: string, from: string) =>
    `${name} AS (SELECT true AS ${SIDE}, *, row_number() OVER (PARTITION BY ${byKey} ORDER BY ${order}) AS ${NTH} FROM ${from})`;
  const on = [...keys.map((k) => `r.${q(k)} IS NOT DISTINCT FROM a.${q(k)}`), `r.${NTH} = a.${NTH}`].join(' AND ');
  const values = columns.map((c) => `CASE WHEN a.${SIDE} THEN a.${q(c.name)} ELSE r.${q(c.name)} END AS ${q(c.name)}`).join(', ');
  const before = others.length > 0 ? `, CASE WHEN a.${SIDE} AND r.${SIDE} THEN struct_pack(${others.map((c) => `${q(c.name)} := r.${q(c.name)}`).join(', ')}) END AS before` : '';
  return [
    `WITH ${[...ctes, numbered('rn', 'removed'), numbered('an', 'added')].join(',\n  ')}`,
    `SELECT CASE WHEN r.${SIDE} IS NULL THEN 'added' WHEN a.${SIDE} IS NULL THEN 'removed' ELSE 'changed' END AS change, ${values}${before}`,
    `FROM rn r FULL OUTER JOIN an a ON ${on}`,
  ].join('\n');
}

/** The diff's rows in a stable order: by change, then the keys (or all columns). */
export function orderedDiffSql(diff: string, columns: ComparedColumn[], keys: string[]): string {
  const by = (keys.length > 0 ? keys : columns.map((c) => c.name)).map(quoteIdent).join(', ');
  return `SELECT * FROM (${diff}) ORDER BY change${by ? `, ${by}` : ''}`;
}

/** One row per change kind with its count. */
export function diffCountsSql(diff: string): string {
  return `SELECT change, count(*) AS n FROM (${diff}) GROUP BY change`;
}
