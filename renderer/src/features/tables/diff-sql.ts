import type { TableId } from '../../../../shared/model/lake';

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** How SQL names a table at one snapshot: `ns."table@<id>"` (the core registers exactly that view). */
export function snapshotRef(id: TableId, snapshotId: bigint): string {
  return [...id.namespace.map(quote), quote(`${id.name}@${snapshotId}`)].join('.');
}

/**
 * Rows added and removed between two snapshots, over the columns both have. With identifier fields,
 * a key present on both sides with different values is one change, not a removal plus an addition.
 */
export function diffSql(id: TableId, from: bigint, to: bigint, columns: string[], keys: string[] = []): string {
  const cols = columns.map(quote).join(', ');
  const a = snapshotRef(id, from);
  const b = snapshotRef(id, to);
  const removed = `SELECT ${cols} FROM ${a} EXCEPT ALL SELECT ${cols} FROM ${b}`;
  const added = `SELECT ${cols} FROM ${b} EXCEPT ALL SELECT ${cols} FROM ${a}`;
  if (keys.length === 0) return `SELECT 'added' AS change, * FROM (${added}) UNION ALL SELECT 'removed' AS change, * FROM (${removed}) ORDER BY change`;
  const on = keys.map((k) => `r.${quote(k)} IS NOT DISTINCT FROM a.${quote(k)}`).join(' AND ');
  return [
    `WITH removed AS (${removed}), added AS (${added})`,
    `SELECT CASE WHEN r.${quote(keys[0]!)} IS NULL AND a.${quote(keys[0]!)} IS NOT NULL THEN 'added' WHEN a.${quote(keys[0]!)} IS NULL THEN 'removed' ELSE 'changed' END AS change,`,
    `  ${columns.map((c) => `COALESCE(a.${quote(c)}, r.${quote(c)}) AS ${quote(c)}`).join(', ')}`,
    `FROM removed r FULL OUTER JOIN added a ON ${on} ORDER BY change`,
  ].join('\n');
}
