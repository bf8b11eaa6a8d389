import { stringify } from 'lossless-json';
import { FloeError } from '../../../../shared/errors';
import { timeOfDay, type IcebergType } from '../../lake/spec/types';
import { arrayOf, asBoolean, asNumber, asString, field, integerOf, list, map, objectOf, structConverter, type Convert, type MappedSchema } from './mapped-schema';
import { rfc3339Micros } from './protobuf-mapping';

// JSON Schema → Iceberg (docs/type-mapping.md has the table). The converter takes the record's JSON parsed
// exactly (integers past 2^53 as bigint).

type Schema = { [key: string]: unknown };
interface Mapped {
  type: IcebergType;
  convert: Convert;
}

// The value's JSON text with every digit (lossless-json writes bigints exactly; JSON.stringify would round them).
const asJson: Mapped = { type: { kind: 'string' }, convert: (v) => (typeof v === 'string' ? v : (stringify(v) ?? 'null')) };

function timeMicros(text: string): bigint {
  const m = /^(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?/.exec(text);
  if (!m) throw new FloeError('BAD_INPUT', `"${text}" is not a time of day`);
  return (BigInt(m[1]!) * 3600n + BigInt(m[2]!) * 60n + BigInt(m[3]!)) * 1_000_000n + BigInt((m[4] ?? '').padEnd(6, '0').slice(0, 6) || '0');
}

function dateDays(text: string): number {
  const ms = Date.parse(`${text}T00:00:00Z`);
  // Date.parse rolls 2024-02-30 over to March 1st: the day must read back as written.
  if (!/^\d{4}-\d\d-\d\d$/.test(text) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) throw new FloeError('BAD_INPUT', `"${text}" is not a date`);
  return ms / 86_400_000;
}

class JsonSchemaMapper {
  readonly notes: string[] = [];
  private readonly visiting = new Set<string>();

  constructor(private readonly root: Schema) {}

  private resolve(ref: string, path: string): Schema {
    if (!ref.startsWith('#')) throw new FloeError('UNSUPPORTED', `${path}: $ref ${ref} points outside the schema`);
    let node: unknown = this.root;
    for (const part of ref.slice(1).split('/').filter(Boolean)) node = (node as Schema | undefined)?.[decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))];
    if (!node || typeof node !== 'object') throw new FloeError('BAD_INPUT', `${path}: $ref ${ref} names nothing in the schema`);
    return node as Schema;
  }

  /** The types a schema allows, nullability apart. */
  private types(s: Schema): { types: string[]; nullable: boolean } {
    const t = s.type;
    const list = Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
    return { types: list.filter((x) => x !== 'null'), nullable: list.includes('null') || s.nullable === true };
  }

  nullable(s: Schema, path: string): boolean {
    if (typeof s.$ref === 'string') return this.nullable(this.resolve(s.$ref, path), path);
    const options = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
    if (options) return options.some((o) => this.nullable(o, path) || o.type === 'null');
    return this.types(s).nullable;
  }

  map(s: Schema, path: string): Mapped {
    if (typeof s.$ref === 'string') {
      if (this.visiting.has(s.$ref)) throw new FloeError('UNSUPPORTED', `${s.$ref} contains itself (at ${path}): recursive types cannot land as Iceberg columns`);
      this.visiting.add(s.$ref);
      try {
        return this.map(this.resolve(s.$ref, path), path);
      } finally {
        this.visiting.delete(s.$ref);
      }
    }
    const options = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
    if (options) {
      const nonNull = options.filter((o) => o.type !== 'null');
      if (nonNull.length === 1) return this.map(nonNull[0]!, path);
      this.notes.push(`${path}: ${s.oneOf ? 'oneOf' : 'anyOf'} of several types lands as string (the value's JSON text)`);
      return asJson;
    }
    const { types } = this.types(s);
    if (types.length === 0 && Array.isArray(s.enum)) return (s.enum as unknown[]).every((e) => typeof e === 'string') ? { type: { kind: 'string' }, convert: asString(path) } : asJson;
    if (types.length === 0 && s.properties) return this.object(s, path);
    if (types.length !== 1) {
      this.notes.push(`${path || 'the value'}: ${types.length === 0 ? 'no type given' : `one of ${types.join(' | ')}`}: lands as string (the value's JSON text)`);
      return asJson;
    }
    switch (types[0]) {
      case 'integer':
        return { type: { kind: 'long' }, convert: (v) => integerOf(v, path) };
      case 'number':
        return { type: { kind: 'double' }, convert: asNumber(path) };
      case 'boolean':
        return { type: { kind: 'boolean' }, convert: asBoolean(path) };
      case 'string': {
        const text = asString(path);
        switch (s.format) {
          case 'date-time':
            return { type: { kind: 'timestamptz' }, convert: (v) => rfc3339Micros(text(v) as string) };
          case 'date':
            return { type: { kind: 'date' }, convert: (v) => dateDays(text(v) as string) };
          case 'time':
            return { type: { kind: 'time' }, convert: (v) => timeOfDay(timeMicros(text(v) as string), path) };
          case 'uuid':
            return { type: { kind: 'uuid' }, convert: text };
          default:
            return { type: { kind: 'string' }, convert: text };
        }
      }
      case 'array': {
        if (!s.items || typeof s.items !== 'object' || Array.isArray(s.items)) {
          this.notes.push(`${path}: an array without one item schema lands as string (its JSON text)`);
          return asJson;
        }
        const items = s.items as Schema;
        const element = this.map(items, `${path}[]`);
        return { type: list(element.type, !this.nullable(items, path)), convert: (v) => arrayOf(v, path).map((x) => (x === null ? null : element.convert(x))) };
      }
      case 'object':
        return this.object(s, path);
      default:
        return asJson;
    }
  }

  private object(s: Schema, path: string): Mapped {
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    const names = Object.keys(properties);
    const extra = s.additionalProperties;
    if (names.length === 0) {
      if (extra && typeof extra === 'object') {
        const value = this.map(extra as Schema, `${path}{}`);
        return {
          type: map({ kind: 'string' }, value.type, false),
          convert: (v) => new Map(Object.entries(objectOf(v, path)).map(([k, x]) => [k, x === null ? null : value.convert(x)])),
        };
      }
      this.notes.push(`${path || 'the value'}: an object without declared properties lands as string (its JSON text)`);
      return asJson;
    }
    const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
    const parts = names.map((name) => {
      const p = path ? `${path}.${name}` : name;
      const m = this.map(properties[name]!, p);
      return { name, field: field(name, m.type, required.has(name) && !this.nullable(properties[name]!, p), typeof properties[name]!.description === 'string' ? (properties[name]!.description as string) : undefined), convert: m.convert };
    });
    if (extra !== undefined && extra !== false) this.notes.push(`${path || 'the value'}: properties beyond those declared are not landed`);
    return { type: { kind: 'struct', fields: parts.map((p) => p.field) }, convert: structConverter(parts, path) };
  }
}

/** The Iceberg schema a JSON Schema lands as, with the converter for records parsed exactly. */
export function mapJsonSchema(schemaText: string): MappedSchema {
  let root: Schema;
  try {
    root = JSON.parse(schemaText) as Schema;
  } catch (e) {
    throw new FloeError('BAD_INPUT', `The JSON Schema is not JSON: ${(e as Error).message}`);
  }
  const mapper = new JsonSchemaMapper(root);
  const top = mapper.map(root, '');
  if (top.type.kind !== 'struct') {
    mapper.notes.push(`The schema describes a ${top.type.kind}, not an object: it lands as one column "value"`);
    return { fields: [field('value', top.type, false)], convert: (v) => ({ value: v === null ? null : top.convert(v) }), notes: mapper.notes };
  }
  return { fields: top.type.fields, convert: top.convert as (v: unknown) => Record<string, unknown>, notes: mapper.notes };
}
