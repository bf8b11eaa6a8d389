import { FloeError } from '../../../../shared/errors';

/**
 * An Avro schema as a type graph with named types resolved (including those of referenced schemas):
 * what compatibility, diff, inference and the Iceberg mapping walk. Recursive records are the same
 * object reached again, so walkers keep a visited set.
 */
export type AvroType =
  | { kind: 'primitive'; type: AvroPrimitive; logical?: string; precision?: number; scale?: number }
  | AvroRecord
  | { kind: 'enum'; name: string; aliases: string[]; symbols: string[]; default?: string; doc?: string }
  | { kind: 'fixed'; name: string; aliases: string[]; size: number; logical?: string; precision?: number; scale?: number }
  | { kind: 'array'; items: AvroType }
  | { kind: 'map'; values: AvroType }
  | { kind: 'union'; branches: AvroType[] };

export type AvroPrimitive = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

export interface AvroRecord {
  kind: 'record';
  name: string;
  aliases: string[];
  doc?: string;
  fields: AvroField[];
}

export interface AvroField {
  name: string;
  aliases: string[];
  type: AvroType;
  hasDefault: boolean;
  default?: unknown;
  doc?: string;
}

const PRIMITIVES = new Set<string>(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

/** Parses Avro schema text (already validated) into the type graph; `references` are the referenced schemas' text. */
export function parseAvro(text: string, references: string[] = []): AvroType {
  const named = new Map<string, AvroType>();
  for (const ref of references) build(JSON.parse(ref) as unknown, '', named);
  return build(JSON.parse(text) as unknown, '', named);
}

type Json = Record<string, unknown>;

function fullName(name: string, namespace: string): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}

function spaceOf(full: string): string {
  return full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : '';
}

function aliasesOf(o: Json, namespace: string): string[] {
  return Array.isArray(o.aliases) ? o.aliases.filter((a): a is string => typeof a === 'string').map((a) => fullName(a, namespace)) : [];
}

function build(schema: unknown, namespace: string, named: Map<string, AvroType>): AvroType {
  if (typeof schema === 'string') {
    if (PRIMITIVES.has(schema)) return { kind: 'primitive', type: schema as AvroPrimitive };
    const found = named.get(fullName(schema, namespace)) ?? named.get(schema);
    if (!found) throw new FloeError('BAD_INPUT', `unknown Avro type "${schema}"`);
    return found;
  }
  if (Array.isArray(schema)) return { kind: 'union', branches: schema.map((s) => build(s, namespace, named)) };
  if (!schema || typeof schema !== 'object') throw new FloeError('BAD_INPUT', `not an Avro type: ${JSON.stringify(schema)}`);
  const o = schema as Json;
  const type = o.type;
  if (typeof type !== 'string') return build(type, namespace, named);
  const logical = typeof o.logicalType === 'string' ? { logical: o.logicalType, ...decimalAttrs(o) } : {};
  switch (type) {
    case 'record':
    case 'error': {
      const ns = typeof o.namespace === 'string' ? o.namespace : namespace;
      const name = fullName(String(o.name), ns);
      const record: AvroRecord = { kind: 'record', name, aliases: aliasesOf(o, spaceOf(name)), fields: [], ...(typeof o.doc === 'string' ? { doc: o.doc } : {}) };
      named.set(name, record); // before the fields: a field may name the record itself
      const inner = spaceOf(name);
      for (const f of (o.fields as Json[]) ?? []) {
        record.fields.push({
          name: String(f.name),
          aliases: Array.isArray(f.aliases) ? f.aliases.map(String) : [],
          type: build(f.type, inner, named),
          hasDefault: 'default' in f,
          ...('default' in f ? { default: f.default } : {}),
          ...(typeof f.doc === 'string' ? { doc: f.doc } : {}),
        });
      }
      return record;
    }
    case 'enum': {
      const name = fullName(String(o.name), typeof o.namespace === 'string' ? o.namespace : namespace);
      const t: AvroType = {
        kind: 'enum',
        name,
        aliases: aliasesOf(o, spaceOf(name)),
        symbols: (o.symbols as string[]) ?? [],
        ...(typeof o.default === 'string' ? { default: o.default } : {}),
        ...(typeof o.doc === 'string' ? { doc: o.doc } : {}),
      };
      named.set(name, t);
      return t;
    }
    case 'fixed': {
      const name = fullName(String(o.name), typeof o.namespace === 'string' ? o.namespace : namespace);
      const t: AvroType = { kind: 'fixed', name, aliases: aliasesOf(o, spaceOf(name)), size: Number(o.size), ...logical };
      named.set(name, t);
      return t;
    }
    case 'array':
      return { kind: 'array', items: build(o.items, namespace, named) };
    case 'map':
      return { kind: 'map', values: build(o.values, namespace, named) };
    default:
      if (PRIMITIVES.has(type)) return { kind: 'primitive', type: type as AvroPrimitive, ...logical };
      return build(type, namespace, named);
  }
}

function decimalAttrs(o: Json): { precision?: number; scale?: number } {
  if (o.logicalType !== 'decimal') return {};
  return { precision: Number(o.precision), scale: typeof o.scale === 'number' ? o.scale : 0 };
}

/** A short name for messages: `long`, `timestamp-millis (long)`, `array<string>`, `shop.Order`, `union [null, string]`. */
export function describeAvro(t: AvroType): string {
  switch (t.kind) {
    case 'primitive':
      return t.logical ? `${t.logical}${t.logical === 'decimal' ? `(${t.precision}, ${t.scale})` : ''} (${t.type})` : t.type;
    case 'record':
    case 'enum':
      return t.name;
    case 'fixed':
      return `${t.name} (fixed ${t.size})`;
    case 'array':
      return `array<${describeAvro(t.items)}>`;
    case 'map':
      return `map<${describeAvro(t.values)}>`;
    case 'union':
      return `union [${t.branches.map(describeAvro).join(', ')}]`;
  }
}

/** Named types are compared by name: the same record reached twice is not walked twice. */
export function avroTypeKey(t: AvroType): string {
  return t.kind === 'record' || t.kind === 'enum' || t.kind === 'fixed' ? `${t.kind}:${t.name}` : t.kind === 'primitive' ? `${t.type}:${t.logical ?? ''}` : t.kind;
}
