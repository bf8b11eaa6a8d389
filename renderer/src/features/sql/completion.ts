import type { SnapshotView, TableId, TableView } from '../../../../shared/model/lake';

export interface CompletionItem {
  label: string;
  insert: string;
  detail: string;
  kind: 'table' | 'column' | 'keyword' | 'snapshot';
  /** What the typed text is matched against, when not the label (snapshots: the name as typed plus the id). */
  filter?: string;
  /** Order among matches of equal quality: columns of the tables the query names first. */
  sort: string;
  /** Replaces the whole dotted name before the cursor (`db.ev` → `db.events`), not just the last word. */
  wholeName: boolean;
}

const KEYWORDS = ['SELECT', 'FROM', 'WHERE', 'GROUP BY', 'ORDER BY', 'LIMIT', 'JOIN', 'LEFT JOIN', 'ON', 'COUNT(*)', 'SUM', 'AVG', 'MIN', 'MAX', 'DISTINCT', 'HAVING', 'WITH', 'AS', 'AND', 'OR', 'NOT', 'IN', 'IS NULL', 'DESC', 'ASC'];

export const sqlIdent = (s: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`);

/** A table's SQL name: `db.events`, `"my-table"`. */
export const tableSqlName = (t: TableId) => [...t.namespace, t.name].map(sqlIdent).join('.');

/** A snapshot's SQL name: `db."events@5718…"` (the engine's snapshot syntax). */
export const snapshotSqlName = (t: TableId, snapshotId: bigint) => [...t.namespace.map(sqlIdent), `"${`${t.name}@${snapshotId}`.replace(/"/g, '""')}"`].join('.');

const dotted = (t: TableId) => [...t.namespace, t.name].join('.').toLowerCase();

/** The (possibly quoted, dotted) name being typed just before the cursor: `db.ev`, `db."events@57`. */
export function nameBefore(lineBefore: string): string {
  return /[A-Za-z0-9_$@."]*$/.exec(lineBefore)?.[0] ?? '';
}

/** True when a table is named in the SQL text (by its dotted name, quoted or not). */
function mentions(sql: string, t: TableId): boolean {
  const plain = sql.replace(/"/g, '').toLowerCase();
  return plain.includes(dotted(t));
}

/** What the editor offers: every table by its SQL name, the columns of tables already loaded, keywords. */
export function completionItems(tables: TableId[], views: TableView[], sql = ''): CompletionItem[] {
  const items: CompletionItem[] = tables.map((t) => ({ label: tableSqlName(t), insert: tableSqlName(t), detail: 'Iceberg table', kind: 'table', sort: 'b', wholeName: true }));
  const seen = new Set<string>();
  const named = views.filter((v) => mentions(sql, v.id));
  for (const v of [...named, ...views.filter((x) => !named.includes(x))])
    for (const f of v.schema) {
      if (seen.has(f.name)) continue;
      seen.add(f.name);
      items.push({ label: f.name, insert: sqlIdent(f.name), detail: `${f.type} · ${[...v.id.namespace, v.id.name].join('.')}`, kind: 'column', sort: named.includes(v) ? 'a' : 'd', wholeName: false });
    }
  for (const k of KEYWORDS) items.push({ label: k, insert: k, detail: 'keyword', kind: 'keyword', sort: 'c', wholeName: false });
  return items;
}

/**
 * The table whose snapshot is being typed (`db.events@`, `db."events@57`, `events@` when only one table has
 * that name), or null when the name before the cursor is not a table followed by `@`.
 */
export function snapshotContext(typed: string, tables: TableId[]): { table: TableId; typed: string } | null {
  const at = typed.lastIndexOf('@');
  if (at < 0 || !/^\d*$/.test(typed.slice(at + 1))) return null;
  const name = typed
    .slice(0, at)
    .split('.')
    .map((p) => p.replace(/^"/, '').replace(/"$/, '').replace(/""/g, '"'))
    .join('.')
    .toLowerCase();
  if (!name) return null;
  const exact = tables.find((t) => dotted(t) === name);
  const byName = tables.filter((t) => t.name.toLowerCase() === name);
  const table = exact ?? (byName.length === 1 ? byName[0] : undefined);
  return table ? { table, typed } : null;
}

/** A table's snapshots as completions, newest first, each inserting `ns."table@id"` over what was typed. */
export function snapshotItems(context: { table: TableId; typed: string }, snapshots: SnapshotView[], formatTime: (ms: number) => string): CompletionItem[] {
  const prefix = context.typed.slice(0, context.typed.lastIndexOf('@') + 1);
  return [...snapshots]
    .sort((a, b) => b.timestampMs - a.timestampMs)
    .map((s, i) => {
      const records = s.summary['total-records'];
      return {
        label: String(s.snapshotId),
        insert: snapshotSqlName(context.table, s.snapshotId),
        detail: [formatTime(s.timestampMs), s.operation ?? '?', records ? `${Number(records).toLocaleString('en-US')} records` : undefined, s.refs.length ? s.refs.join(', ') : undefined].filter(Boolean).join(' · '),
        kind: 'snapshot',
        filter: `${prefix}${s.snapshotId}`,
        sort: String(i).padStart(6, '0'),
        wholeName: true,
      };
    });
}
