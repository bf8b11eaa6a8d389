/** "id long required" lines → table fields; throws naming the bad line. */
export function parseFieldLines(text: string): { name: string; type: string; required: boolean }[] {
  const fields = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line, i) => {
      const m = /^("[^"]+"|\S+)\s+(.+?)(\s+required)?$/i.exec(line);
      if (!m) throw new Error(`Line ${i + 1} is not "name type [required]": ${line}`);
      return { name: m[1]!.replace(/^"|"$/g, ''), type: m[2]!.trim(), required: Boolean(m[3]) };
    });
  if (fields.length === 0) throw new Error('A table needs at least one column');
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.name.toLowerCase())) throw new Error(`Column "${f.name}" is listed twice`);
    seen.add(f.name.toLowerCase());
  }
  return fields;
}

/** "db.sales" → namespace ["db"], name "sales"; the last dot separates the table. */
export function parseTableName(text: string): { namespace: string[]; name: string } {
  const parts = text.trim().split('.').map((p) => p.trim());
  if (parts.length < 2 || parts.some((p) => !p)) throw new Error('Name the table as namespace.table, e.g. db.events');
  return { namespace: parts.slice(0, -1), name: parts.at(-1)! };
}
