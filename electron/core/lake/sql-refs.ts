import type { TableId } from '../../../shared/model/lake';

export interface TableRef {
  id: TableId;
  /** Set when the SQL names a snapshot: `db."events@5718…"`. */
  snapshotId?: bigint;
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$@]*)`;
const NAME = new RegExp(`${IDENT}(?:\\s*\\.\\s*${IDENT})*`, 'g');

function unquote(part: string): string {
  return part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part;
}

/** SQL text with string literals and comments blanked, so names inside them are not taken for tables. */
function code(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => ' '.repeat(m.length));
}

/**
 * The catalog tables a SQL text names (`ns.table`, `"ns"."table"`, `ns."table@<snapshot id>"`), so only those
 * are planned and registered as views. Names are matched against the catalog's, never guessed.
 */
export function findTableRefs(sql: string, known: TableId[]): TableRef[] {
  const byName = new Map(known.map((t) => [[...t.namespace, t.name].join('.').toLowerCase(), t]));
  const out = new Map<string, TableRef>();
  for (const m of code(sql).matchAll(NAME)) {
    const parts = m[0].split(/\s*\.\s*(?=(?:"|[A-Za-z_]))/).map(unquote);
    const last = parts.pop() ?? '';
    const at = /^(.*)@(\d+)$/.exec(last);
    const name = [...parts, at ? (at[1] ?? '') : last].join('.').toLowerCase();
    const id = byName.get(name);
    if (!id) continue;
    const ref: TableRef = at ? { id, snapshotId: BigInt(at[2] ?? '0') } : { id };
    out.set(`${name}@${ref.snapshotId ?? ''}`, ref);
  }
  return [...out.values()];
}

/** The DuckDB schema and view name of a table (and snapshot): namespace `db` → schema `db`; no namespace → `main`. */
export function viewName(id: TableId, snapshotId?: bigint): { schema: string; name: string } {
  return { schema: id.namespace.length > 0 ? id.namespace.join('.') : 'main', name: snapshotId === undefined ? id.name : `${id.name}@${snapshotId}` };
}
