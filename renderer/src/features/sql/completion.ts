import type { TableId, TableView } from '../../../../shared/model/lake';

export interface CompletionItem {
  label: string;
  insert: string;
  detail: string;
  kind: 'table' | 'column' | 'keyword';
}

const KEYWORDS = ['SELECT', 'FROM', 'WHERE', 'GROUP BY', 'ORDER BY', 'LIMIT', 'JOIN', 'LEFT JOIN', 'ON', 'COUNT(*)', 'SUM', 'AVG', 'MIN', 'MAX', 'DISTINCT', 'HAVING', 'WITH', 'AS', 'AND', 'OR', 'NOT', 'IN', 'IS NULL', 'DESC', 'ASC'];

const ident = (s: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`);

/** What the editor offers: every table by its SQL name, the columns of tables already loaded, keywords. */
export function completionItems(tables: TableId[], views: TableView[]): CompletionItem[] {
  const items: CompletionItem[] = tables.map((t) => {
    const name = [...t.namespace, t.name].map(ident).join('.');
    return { label: name, insert: name, detail: 'Iceberg table', kind: 'table' };
  });
  const seen = new Set<string>();
  for (const v of views)
    for (const f of v.schema) {
      if (seen.has(f.name)) continue;
      seen.add(f.name);
      items.push({ label: f.name, insert: ident(f.name), detail: `${f.type} · ${[...v.id.namespace, v.id.name].join('.')}`, kind: 'column' });
    }
  for (const k of KEYWORDS) items.push({ label: k, insert: k, detail: 'keyword', kind: 'keyword' });
  return items;
}
