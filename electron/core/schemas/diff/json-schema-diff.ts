import { deref, describeJson, pointer, props, requiredOf, type JsonSchema, type JsonSchemaDoc } from '../model/json-schema-model';
import type { RawEntry } from './raw-entry';

const CONSTRAINTS = ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'format', 'multipleOf', 'minItems', 'maxItems', 'uniqueItems', 'enum', 'const', 'additionalProperties'];

/** Changes between two JSON Schemas: properties added and removed, types, required, constraints, descriptions, defaults. */
export function jsonSchemaDiff(before: JsonSchemaDoc, after: JsonSchemaDoc): RawEntry[] {
  const out: RawEntry[] = [];
  compare(before, after, before.root, after.root, '', new Set(), out);
  return out;
}

function compare(bd: JsonSchemaDoc, ad: JsonSchemaDoc, bRaw: JsonSchema, aRaw: JsonSchema, path: string, seen: Set<string>, out: RawEntry[]): void {
  const b = deref(bd, bRaw);
  const a = deref(ad, aRaw);
  if (b.key && a.key) {
    if (seen.has(`${b.key}|${a.key}`)) return;
    seen.add(`${b.key}|${a.key}`);
  }
  const at = path || '/';
  const [bs, as] = [b.schema, a.schema];
  if (describeJson(bs) !== describeJson(as)) out.push({ path: at, change: 'type-changed', before: describeJson(bs), after: describeJson(as) });
  if (typeof bs !== 'object' || typeof as !== 'object') return;
  for (const k of CONSTRAINTS) {
    const [bv, av] = [JSON.stringify(bs[k]), JSON.stringify(as[k])];
    if (bv !== av && !(k === 'additionalProperties' && (typeof bs[k] === 'object' || typeof as[k] === 'object')))
      out.push({ path: at, change: 'constraint-changed', before: `${k}: ${bv ?? '(none)'}`, after: `${k}: ${av ?? '(none)'}` });
  }
  for (const k of ['description', 'title'] as const) if ((bs[k] ?? '') !== (as[k] ?? '')) out.push({ path: at, change: 'doc-changed', before: String(bs[k] ?? ''), after: String(as[k] ?? '') });
  if (JSON.stringify(bs.default) !== JSON.stringify(as.default)) out.push({ path: at, change: 'default-changed', before: JSON.stringify(bs.default) ?? '(none)', after: JSON.stringify(as.default) ?? '(none)' });
  const [bReq, aReq] = [new Set(requiredOf(bs)), new Set(requiredOf(as))];
  const [bp, ap] = [props(bs), props(as)];
  for (const [name, s] of Object.entries(bp)) {
    const p = pointer(path, 'properties', name);
    if (!(name in ap)) out.push({ path: p, change: 'removed', before: describeJson(deref(bd, s).schema) });
    else compare(bd, ad, s, ap[name]!, p, seen, out);
  }
  for (const [name, s] of Object.entries(ap)) if (!(name in bp)) out.push({ path: pointer(path, 'properties', name), change: 'added', after: describeJson(deref(ad, s).schema) });
  for (const name of new Set([...bReq, ...aReq]))
    if (bReq.has(name) !== aReq.has(name)) out.push({ path: pointer(path, 'properties', name), change: 'required-changed', before: bReq.has(name) ? 'required' : 'optional', after: aReq.has(name) ? 'required' : 'optional' });
  if (bs.items !== undefined && as.items !== undefined && !Array.isArray(bs.items) && !Array.isArray(as.items)) compare(bd, ad, bs.items as JsonSchema, as.items as JsonSchema, pointer(path, 'items'), seen, out);
  if (typeof bs.additionalProperties === 'object' && typeof as.additionalProperties === 'object')
    compare(bd, ad, bs.additionalProperties as JsonSchema, as.additionalProperties as JsonSchema, pointer(path, 'additionalProperties'), seen, out);
}
