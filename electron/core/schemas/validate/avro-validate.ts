import type { Marker, ValidationResult } from '../../../../shared/model/schemas';
import { avroType } from '../../decode/avro';
import { prop, type JsonNode } from './json-tree';
import { jsonTreeOrMarker, markerAt } from './markers';

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FULL_NAME = /^([A-Za-z_][A-Za-z0-9_]*)(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Checks an Avro schema the way avsc (the Avro library Floe decodes with) parses it, with each problem
 * marked where it is: names, fields, symbols, sizes, unions, decimal attributes, unknown type names.
 * `references`: the referenced schemas' text (their named types are known here).
 */
export function validateAvro(text: string, references: string[] = []): ValidationResult {
  const parsed = jsonTreeOrMarker(text, 'The Avro schema');
  if ('marker' in parsed) return { valid: false, markers: [parsed.marker], names: [] };
  const markers: Marker[] = [];
  const names: string[] = [];
  const known = new Set<string>();
  for (const ref of references) {
    try {
      collectNames(JSON.parse(ref) as unknown, '', known);
    } catch {
      /* an unparsable reference is reported by avsc below */
    }
  }
  const mark = (node: { start: number; end: number }, message: string) => markers.push(markerAt(text, node.start, node.end, message));
  const walker = new AvroWalker(mark, known, names);
  walker.type(parsed.tree, '');

  if (markers.length === 0) {
    try {
      avroType(text, references);
    } catch (e) {
      const message = (e as Error).message;
      const where = locate(parsed.tree, message) ?? parsed.tree;
      mark(where, `Avro: ${message}`);
    }
  }
  return { valid: markers.length === 0, markers, names };
}

class AvroWalker {
  constructor(
    private readonly mark: (node: { start: number; end: number }, message: string) => void,
    private readonly known: Set<string>,
    private readonly names: string[],
  ) {}

  type(node: JsonNode, namespace: string): void {
    if (node.kind === 'string') return this.reference(node, namespace);
    if (node.kind === 'array') return this.union(node, namespace);
    if (node.kind !== 'object') return this.mark(node, 'an Avro type is a type name, a union [..] or an object with "type"');
    const typeProp = prop(node, 'type');
    if (!typeProp) return this.mark(node, 'this type has no "type" attribute');
    const t = typeProp.value;
    if (t.kind !== 'string') return this.type(t, namespace); // {"type": {...}} or {"type": [...]} nest a type
    switch (t.value) {
      case 'record':
      case 'error':
        return this.record(node, namespace);
      case 'enum':
        return this.enum(node, namespace);
      case 'fixed':
        this.define(node, namespace);
        return this.fixedSize(node);
      case 'array': {
        const items = prop(node, 'items');
        if (!items) return this.mark(node, 'an array needs "items"');
        return this.type(items.value, namespace);
      }
      case 'map': {
        const values = prop(node, 'values');
        if (!values) return this.mark(node, 'a map needs "values"');
        return this.type(values.value, namespace);
      }
      default:
        if (PRIMITIVES.has(t.value)) return this.logical(node, t.value);
        return this.reference(t, namespace);
    }
  }

  private reference(node: Extract<JsonNode, { kind: 'string' }>, namespace: string): void {
    if (PRIMITIVES.has(node.value)) return;
    const full = node.value.includes('.') ? node.value : namespace ? `${namespace}.${node.value}` : node.value;
    if (this.known.has(full) || this.known.has(node.value)) return;
    if (['record', 'enum', 'fixed', 'array', 'map', 'error'].includes(node.value))
      return this.mark(node, `"${node.value}" is a complex type: write it as an object, {"type": "${node.value}", …}`);
    this.mark(node, `unknown type "${node.value}": not a primitive, not defined earlier in this schema, not in its references${suggest(node.value)}`);
  }

  private union(node: Extract<JsonNode, { kind: 'array' }>, namespace: string): void {
    if (node.items.length === 0) this.mark(node, 'an empty union: give at least one type');
    const seen = new Map<string, JsonNode>();
    for (const item of node.items) {
      if (item.kind === 'array') {
        this.mark(item, 'a union cannot directly hold another union');
        continue;
      }
      this.type(item, namespace);
      const key = branchKey(item, namespace);
      if (key && seen.has(key)) this.mark(item, `this union already has a "${key}" branch (Avro allows each type once)`);
      else if (key) seen.set(key, item);
    }
  }

  private define(node: Extract<JsonNode, { kind: 'object' }>, namespace: string): string {
    const nameProp = prop(node, 'name');
    if (!nameProp || nameProp.value.kind !== 'string') {
      this.mark(nameProp?.value ?? node, 'a named type needs a "name" string');
      return namespace;
    }
    const name = nameProp.value.value;
    const nsProp = prop(node, 'namespace');
    const ns = nsProp?.value.kind === 'string' ? nsProp.value.value : namespace;
    if (!FULL_NAME.test(name)) this.mark(nameProp.value, `"${name}" is not a valid Avro name (letters, digits and _, not starting with a digit)`);
    if (nsProp && nsProp.value.kind === 'string' && nsProp.value.value && !FULL_NAME.test(nsProp.value.value))
      this.mark(nsProp.value, `"${nsProp.value.value}" is not a valid Avro namespace`);
    const full = name.includes('.') ? name : ns ? `${ns}.${name}` : name;
    if (this.known.has(full)) this.mark(nameProp.value, `the type "${full}" is defined twice`);
    this.known.add(full);
    this.names.push(full);
    return full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : '';
  }

  private record(node: Extract<JsonNode, { kind: 'object' }>, namespace: string): void {
    const inner = this.define(node, namespace);
    const fields = prop(node, 'fields');
    if (!fields || fields.value.kind !== 'array') return this.mark(fields?.value ?? node, 'a record needs a "fields" array');
    const seen = new Set<string>();
    for (const field of fields.value.items) {
      if (field.kind !== 'object') {
        this.mark(field, 'a field is an object with "name" and "type"');
        continue;
      }
      const name = prop(field, 'name');
      if (!name || name.value.kind !== 'string') this.mark(name?.value ?? field, 'a field needs a "name" string');
      else if (!NAME.test(name.value.value)) this.mark(name.value, `"${name.value.value}" is not a valid Avro field name`);
      else if (seen.has(name.value.value)) this.mark(name.value, `the field "${name.value.value}" is defined twice`);
      else seen.add(name.value.value);
      const type = prop(field, 'type');
      if (!type) this.mark(field, 'a field needs a "type"');
      else this.type(type.value, inner);
    }
  }

  private enum(node: Extract<JsonNode, { kind: 'object' }>, namespace: string): void {
    this.define(node, namespace);
    const symbols = prop(node, 'symbols');
    if (!symbols || symbols.value.kind !== 'array') return this.mark(symbols?.value ?? node, 'an enum needs a "symbols" array');
    const seen = new Set<string>();
    for (const s of symbols.value.items) {
      if (s.kind !== 'string' || !NAME.test(s.value)) this.mark(s, 'an enum symbol is a name (letters, digits and _, not starting with a digit)');
      else if (seen.has(s.value)) this.mark(s, `the symbol "${s.value}" is listed twice`);
      else seen.add(s.value);
    }
    const def = prop(node, 'default');
    if (def && (def.value.kind !== 'string' || !seen.has(def.value.value))) this.mark(def.value, 'an enum default must be one of its symbols');
  }

  private fixedSize(node: Extract<JsonNode, { kind: 'object' }>): void {
    const size = prop(node, 'size');
    if (!size || size.value.kind !== 'number' || !Number.isInteger(size.value.value) || size.value.value < 0)
      this.mark(size?.value ?? node, 'a fixed type needs a "size": a whole number of bytes');
    else this.logical(node, 'fixed');
  }

  private logical(node: Extract<JsonNode, { kind: 'object' }>, base: string): void {
    const logical = prop(node, 'logicalType');
    if (logical?.value.kind !== 'string' || logical.value.value !== 'decimal') return;
    if (base !== 'bytes' && base !== 'fixed') return this.mark(logical.value, 'decimal annotates bytes or fixed only');
    const precision = prop(node, 'precision');
    const scale = prop(node, 'scale');
    const p = precision?.value.kind === 'number' ? precision.value.value : NaN;
    if (!Number.isInteger(p) || p < 1) return this.mark(precision?.value ?? logical.value, 'decimal needs a "precision": a whole number ≥ 1');
    const s = scale ? (scale.value.kind === 'number' ? scale.value.value : NaN) : 0;
    if (!Number.isInteger(s) || s < 0 || s > p) this.mark(scale?.value ?? logical.value, `decimal "scale" must be a whole number from 0 to the precision (${p})`);
  }
}

function branchKey(node: JsonNode, namespace: string): string | null {
  if (node.kind === 'string') return node.value.includes('.') || PRIMITIVES.has(node.value) || !namespace ? node.value : `${namespace}.${node.value}`;
  if (node.kind !== 'object') return null;
  const type = prop(node, 'type')?.value;
  if (type?.kind !== 'string') return null;
  if (type.value === 'array' || type.value === 'map' || PRIMITIVES.has(type.value)) return type.value;
  const name = prop(node, 'name')?.value;
  return name?.kind === 'string' ? name.value : null;
}

function collectNames(schema: unknown, namespace: string, into: Set<string>): void {
  if (Array.isArray(schema)) return schema.forEach((s) => collectNames(s, namespace, into));
  if (!schema || typeof schema !== 'object') return;
  const o = schema as { type?: unknown; name?: unknown; namespace?: unknown; fields?: { type?: unknown }[]; items?: unknown; values?: unknown };
  let ns = namespace;
  if (typeof o.name === 'string' && ['record', 'error', 'enum', 'fixed'].includes(String(o.type))) {
    ns = typeof o.namespace === 'string' ? o.namespace : namespace;
    const full = o.name.includes('.') ? o.name : ns ? `${ns}.${o.name}` : o.name;
    into.add(full);
    ns = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : '';
  }
  for (const f of o.fields ?? []) collectNames(f?.type, ns, into);
  if (o.items) collectNames(o.items, ns, into);
  if (o.values) collectNames(o.values, ns, into);
  if (o.type && typeof o.type === 'object') collectNames(o.type, ns, into);
}

/** The node an avsc message names (a quoted or trailing name), for its marker. */
function locate(root: JsonNode, message: string): JsonNode | null {
  const wanted = [...message.matchAll(/"([^"]+)"|: ([A-Za-z_.][\w.]*)$/g)].map((m) => m[1] ?? m[2]).filter(Boolean);
  let found: JsonNode | null = null;
  const visit = (n: JsonNode) => {
    if (found) return;
    if (n.kind === 'string' && wanted.includes(n.value)) found = n;
    else if (n.kind === 'object') n.props.forEach((p) => visit(p.value));
    else if (n.kind === 'array') n.items.forEach(visit);
  };
  visit(root);
  return found;
}

function suggest(name: string): string {
  const lower = name.toLowerCase();
  if (PRIMITIVES.has(lower)) return ` (type names are lower case: "${lower}")`;
  const [close] = [...PRIMITIVES].filter((p) => editDistance(p, lower) <= 2).sort((a, b) => editDistance(a, lower) - editDistance(b, lower));
  return close ? ` (did you mean "${close}"?)` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
