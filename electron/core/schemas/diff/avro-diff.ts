import { describeAvro, type AvroRecord, type AvroType } from '../model/avro-model';
import type { RawEntry } from './raw-entry';

/** Field-level changes between two Avro schemas: fields matched by name, then by the new field's aliases (a rename). */
export function avroDiff(before: AvroType, after: AvroType): RawEntry[] {
  const out: RawEntry[] = [];
  const root = before.kind === 'record' ? before.name.split('.').pop()! : describeAvro(before);
  compare(before, after, root, new Set(), out);
  return out;
}

function compare(b: AvroType, a: AvroType, path: string, seen: Set<string>, out: RawEntry[]): void {
  if (b.kind === 'record' && a.kind === 'record') return records(b, a, path, seen, out);
  if (b.kind === 'enum' && a.kind === 'enum') {
    if (b.symbols.join() !== a.symbols.join()) out.push({ path, change: 'symbols-changed', before: b.symbols.join(', '), after: a.symbols.join(', ') });
    if (b.default !== a.default) out.push({ path, change: 'default-changed', before: String(b.default ?? '(none)'), after: String(a.default ?? '(none)') });
    return;
  }
  if (b.kind === 'array' && a.kind === 'array') return compare(b.items, a.items, `${path}[]`, seen, out);
  if (b.kind === 'map' && a.kind === 'map') return compare(b.values, a.values, `${path}{}`, seen, out);
  if (describeAvro(b) !== describeAvro(a)) out.push({ path, change: 'type-changed', before: describeAvro(b), after: describeAvro(a) });
  // The same named record inside both unions: its own fields may have changed too.
  const nested = (t: AvroType) => (t.kind === 'union' ? t.branches : [t]).filter((x): x is AvroRecord => x.kind === 'record');
  for (const nb of nested(b)) {
    const na = nested(a).find((x) => x.name === nb.name || x.aliases.includes(nb.name));
    if (na && (b.kind === 'union' || a.kind === 'union')) records(nb, na, path, seen, out);
  }
}

function records(b: AvroRecord, a: AvroRecord, path: string, seen: Set<string>, out: RawEntry[]): void {
  const key = `${b.name}|${a.name}`;
  if (seen.has(key)) return;
  seen.add(key);
  if (b.name !== a.name) out.push({ path, change: 'name-changed', before: b.name, after: a.name });
  if ((b.doc ?? '') !== (a.doc ?? '')) out.push({ path, change: 'doc-changed', before: b.doc ?? '', after: a.doc ?? '' });
  const matched = new Set<string>();
  for (const bf of b.fields) {
    const byName = a.fields.find((f) => f.name === bf.name);
    const af = byName ?? a.fields.find((f) => f.aliases.includes(bf.name));
    if (!af) {
      out.push({ path: `${path}.${bf.name}`, change: 'removed', before: fieldText(bf.type, bf.hasDefault, bf.default) });
      continue;
    }
    matched.add(af.name);
    const at = `${path}.${af.name}`;
    if (!byName) out.push({ path: at, change: 'renamed', before: bf.name, after: af.name });
    compare(bf.type, af.type, at, seen, out);
    if (bf.hasDefault !== af.hasDefault || JSON.stringify(bf.default) !== JSON.stringify(af.default))
      out.push({ path: at, change: 'default-changed', before: bf.hasDefault ? JSON.stringify(bf.default) : '(none)', after: af.hasDefault ? JSON.stringify(af.default) : '(none)' });
    if ((bf.doc ?? '') !== (af.doc ?? '')) out.push({ path: at, change: 'doc-changed', before: bf.doc ?? '', after: af.doc ?? '' });
  }
  for (const af of a.fields) if (!matched.has(af.name)) out.push({ path: `${path}.${af.name}`, change: 'added', after: fieldText(af.type, af.hasDefault, af.default) });
}

function fieldText(type: AvroType, hasDefault: boolean, value: unknown): string {
  return `${describeAvro(type)}${hasDefault ? `, default ${JSON.stringify(value)}` : ', no default'}`;
}
