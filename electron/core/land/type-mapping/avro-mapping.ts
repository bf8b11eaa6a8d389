import avro from 'avsc';
import { FloeError } from '../../../../shared/errors';
import { BigLong } from '../../lake/spec/avro-file';
import { timeOfDay, type IcebergType, type NestedField } from '../../lake/spec/types';
import { decimalText } from '../../lake/writer/decimal-text';
import { direct, directArray, directEnum, directFixed, directMap, directOptional, directRecord, directTopRecord, type DirectRead } from './avro-direct';
import { type Convert, field, identity, list, map, type MappedSchema, structConverter, unscaledOf } from './mapped-schema';

// Avro → Iceberg (docs/type-mapping.md has the table). The converter takes what avsc decodes with no logical types
// registered, longs as bigint and every union wrapped (landingAvroType): timestamps arrive as their raw long,
// dates as days, decimals as bytes, a union as { <branch name>: value }.

type AvroSchema = string | AvroSchema[] | { [key: string]: unknown };
interface Mapped {
  type: IcebergType;
  convert: Convert;
  /** Reads the value from Avro bytes straight into a chunk column (avro-direct.ts); null where only convert lands it. */
  direct: DirectRead | null;
  /** A record's field readers, when every field has one. */
  fieldReads?: DirectRead[];
}

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const big = (v: unknown) => (typeof v === 'bigint' ? v : BigInt(v as number));

class AvroMapper {
  readonly notes: string[] = [];
  private readonly named = new Map<string, Record<string, unknown>>();
  private readonly visiting = new Set<string>();

  constructor(references: AvroSchema[]) {
    for (const r of references) this.collect(r, '');
  }

  /** Registers every named type (records, enums, fixed) so references by name resolve. */
  private collect(s: AvroSchema, ns: string) {
    if (Array.isArray(s)) return s.forEach((x) => this.collect(x, ns));
    if (typeof s !== 'object' || s === null) return;
    const name = typeof s.name === 'string' ? s.name : null;
    const space = typeof s.namespace === 'string' ? s.namespace : ns;
    if (name && (s.type === 'record' || s.type === 'error' || s.type === 'enum' || s.type === 'fixed')) {
      const full = name.includes('.') ? name : space ? `${space}.${name}` : name;
      this.named.set(full, { ...s, namespace: full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : '' });
      if (Array.isArray(s.fields)) for (const f of s.fields as { type: AvroSchema }[]) this.collect(f.type, full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : '');
    }
    if (s.type === 'array') this.collect(s.items as AvroSchema, space);
    if (s.type === 'map') this.collect(s.values as AvroSchema, space);
    if (Array.isArray(s.type) || typeof s.type === 'object') this.collect(s.type as AvroSchema, space);
  }

  private resolve(name: string, ns: string): Record<string, unknown> {
    const found = this.named.get(name.includes('.') ? name : ns ? `${ns}.${name}` : name) ?? this.named.get(name);
    if (!found) throw new FloeError('BAD_INPUT', `Avro type "${name}" is not defined in the schema or its references`);
    return found;
  }

  map(s: AvroSchema, path: string, ns: string): Mapped {
    if (typeof s === 'string') {
      if (PRIMITIVES.has(s)) return this.primitive(s, path);
      const named = this.resolve(s, ns);
      return this.map(named as AvroSchema, path, ns);
    }
    if (Array.isArray(s)) return this.union(s, path, ns);
    const type = s.type as AvroSchema;
    const logical = typeof s.logicalType === 'string' ? s.logicalType : null;
    if (logical) {
      const mapped = this.logical(logical, s, path);
      if (mapped) return mapped;
    }
    switch (type) {
      case 'record':
      case 'error':
        return this.record(s, path, ns);
      case 'enum':
        this.notes.push(`${path}: enum ${String(s.name)} lands as string (its symbol)`);
        return { type: { kind: 'string' }, convert: identity, direct: directEnum(s.symbols as string[]) };
      case 'fixed':
        return { type: { kind: 'binary' }, convert: identity, direct: directFixed(Number(s.size)) };
      case 'array': {
        const element = this.map(s.items as AvroSchema, `${path}[]`, ns);
        const nullable = this.isNullable(s.items as AvroSchema, ns);
        return { type: list(element.type, !nullable), convert: (v) => (v as unknown[]).map((x) => (x === null ? null : element.convert(x))), direct: element.direct && directArray(element.direct) };
      }
      case 'map': {
        const value = this.map(s.values as AvroSchema, `${path}{}`, ns);
        const nullable = this.isNullable(s.values as AvroSchema, ns);
        return {
          type: map({ kind: 'string' }, value.type, !nullable),
          convert: (v) => new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, x === null ? null : value.convert(x)])),
          direct: value.direct && directMap(value.direct),
        };
      }
      default:
        return this.map(type, path, ns);
    }
  }

  private primitive(s: string, path: string): Mapped {
    switch (s) {
      case 'null':
        throw new FloeError('UNSUPPORTED', `${path} is always null: an Iceberg column needs a type`);
      case 'boolean':
      case 'int':
      case 'float':
      case 'double':
        return { type: { kind: s }, convert: identity, direct: direct[s] };
      case 'string':
        return { type: { kind: s }, convert: identity, direct: direct.bytes };
      case 'long':
        return { type: { kind: 'long' }, convert: big, direct: direct.long };
      case 'bytes':
        return { type: { kind: 'binary' }, convert: identity, direct: direct.bytes };
    }
    throw new FloeError('UNSUPPORTED', `Avro type ${s} at ${path}`);
  }

  private logical(logical: string, s: Record<string, unknown>, path: string): Mapped | null {
    const base = s.type;
    switch (logical) {
      case 'decimal': {
        const precision = Number(s.precision);
        const scale = Number(s.scale ?? 0);
        if (!(precision > 0) || precision > 38) {
          this.notes.push(`${path}: decimal(${precision}, ${scale}) is wider than Iceberg's 38 digits: it lands as its text`);
          return { type: { kind: 'string' }, convert: (v) => decimalText(unscaledOf(v as Uint8Array), scale), direct: null };
        }
        // Decimals take the decoder's path (the direct path has no reader for them yet).
        return { type: { kind: 'decimal', precision, scale }, convert: (v) => unscaledOf(v as Uint8Array), direct: null };
      }
      case 'uuid':
        return base === 'string' ? { type: { kind: 'uuid' }, convert: identity, direct: direct.uuid } : null;
      case 'date':
        return base === 'int' ? { type: { kind: 'date' }, convert: identity, direct: direct.int } : null;
      case 'time-millis':
        return base === 'int' ? { type: { kind: 'time' }, convert: (v) => timeOfDay(BigInt(v as number) * 1000n, path), direct: direct.millisTime } : null;
      case 'time-micros':
        return base === 'long' ? { type: { kind: 'time' }, convert: (v) => timeOfDay(big(v), path), direct: direct.microsTime } : null;
      case 'timestamp-millis':
      case 'local-timestamp-millis':
        return base === 'long' ? { type: { kind: logical === 'timestamp-millis' ? 'timestamptz' : 'timestamp' }, convert: (v) => big(v) * 1000n, direct: direct.millisLong } : null;
      case 'timestamp-micros':
      case 'local-timestamp-micros':
        return base === 'long' ? { type: { kind: logical === 'timestamp-micros' ? 'timestamptz' : 'timestamp' }, convert: big, direct: direct.long } : null;
      case 'timestamp-nanos':
      case 'local-timestamp-nanos':
        if (base !== 'long') return null;
        this.notes.push(`${path}: ${logical} lands as long (nanoseconds since the epoch): Iceberg v2 timestamps hold microseconds`);
        return { type: { kind: 'long' }, convert: big, direct: direct.long };
      default:
        this.notes.push(`${path}: logical type ${logical} is not known: the underlying type lands`);
        return null;
    }
  }

  private record(s: Record<string, unknown>, path: string, ns: string): Mapped {
    const name = String(s.name);
    const space = typeof s.namespace === 'string' ? s.namespace : ns;
    const full = name.includes('.') ? name : space ? `${space}.${name}` : name;
    if (this.visiting.has(full)) throw new FloeError('UNSUPPORTED', `Avro record ${full} contains itself (at ${path}): recursive types cannot land as Iceberg columns`);
    this.visiting.add(full);
    this.named.set(full, s);
    try {
      const innerNs = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : '';
      const parts = (s.fields as { name: string; type: AvroSchema; doc?: string }[]).map((f) => {
        const m = this.map(f.type, path ? `${path}.${f.name}` : f.name, innerNs);
        return { name: f.name, field: field(f.name, m.type, !this.isNullable(f.type, innerNs), f.doc), convert: m.convert, direct: m.direct };
      });
      if (parts.length === 0) throw new FloeError('UNSUPPORTED', `Avro record ${full} (at ${path || 'the top'}) has no fields: Iceberg structs need at least one`);
      const reads = parts.every((p) => p.direct) ? parts.map((p) => p.direct!) : undefined;
      return { type: { kind: 'struct', fields: parts.map((p) => p.field) }, convert: structConverter(parts, path), direct: reads ? directRecord(reads) : null, fieldReads: reads };
    } finally {
      this.visiting.delete(full);
    }
  }

  private isNullable(s: AvroSchema, ns: string): boolean {
    if (s === 'null') return true;
    if (Array.isArray(s)) return s.some((b) => this.isNullable(b, ns));
    return false;
  }

  private branchName(b: AvroSchema, ns: string): string {
    if (typeof b === 'string') return PRIMITIVES.has(b) ? b : String(this.resolve(b, ns).name);
    if (Array.isArray(b)) return 'union';
    if (typeof b.name === 'string') return b.name;
    return typeof b.logicalType === 'string' ? String(b.type) : String(b.type);
  }

  /** ["null", T] is an optional T; unions of several types land as a struct with one optional field per branch. */
  private union(branches: AvroSchema[], path: string, ns: string): Mapped {
    const nonNull = branches.filter((b) => b !== 'null');
    if (nonNull.length === 0) throw new FloeError('UNSUPPORTED', `${path} is always null: an Iceberg column needs a type`);
    // The landing decoder wraps every union (avsc wrapUnions): a value arrives as { <branch name>: value }.
    const unwrap = (v: unknown) => Object.values(v as Record<string, unknown>)[0];
    if (nonNull.length === 1) {
      const only = this.map(nonNull[0]!, path, ns);
      const read = only.direct && directOptional(branches.indexOf('null'), branches.indexOf(nonNull[0]!), only.direct);
      return { type: only.type, convert: (v) => only.convert(unwrap(v)), direct: read };
    }
    const parts = nonNull.map((b) => {
      const name = this.branchName(b, ns);
      const short = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
      const fullKey = typeof b === 'object' && !Array.isArray(b) && typeof b.name === 'string' ? (b.name.includes('.') ? b.name : ns ? `${ns}.${b.name}` : b.name) : name;
      const m = this.map(b, `${path}.${short}`, ns);
      return { key: fullKey, short, field: field(short, m.type, false), convert: m.convert };
    });
    this.notes.push(`${path}: union of ${parts.map((p) => p.short).join(' | ')} lands as a struct with one optional field per type (the one the record holds is set)`);
    return {
      type: { kind: 'struct', fields: parts.map((p) => p.field) },
      convert: (v) => {
        const out: Record<string, unknown> = Object.fromEntries(parts.map((p) => [p.short, null]));
        const [[key, x] = []] = Object.entries(v as Record<string, unknown>);
        const part = parts.find((p) => p.key === key || p.short === key || (key && key.endsWith(`.${p.short}`)));
        if (part && x !== null && x !== undefined) out[part.short] = part.convert(x);
        return out;
      },
      direct: null,
    };
  }
}

/** An avsc type that decodes what the converter of mapAvroSchema expects. */
export function landingAvroType(schemaText: string, references: string[] = []): avro.Type {
  const registry: Record<string, avro.Type> = { long: BigLong as unknown as avro.Type };
  // The registry's "long" is not consulted for {"type": "long", "logicalType": …}: without the hook such a long
  // decodes as a number and one past 2^53 (every timestamp-nanos of this century) fails with "potential precision loss".
  const typeHook = (s: unknown) => (typeof s === 'object' && s !== null && (s as { type?: unknown }).type === 'long' ? BigLong : undefined);
  const options = { registry, wrapUnions: true, typeHook } as unknown as Partial<avro.ForSchemaOptions>;
  for (const ref of references) avro.Type.forSchema(JSON.parse(ref) as avro.Schema, options);
  return avro.Type.forSchema(JSON.parse(schemaText) as avro.Schema, options);
}

/** The Iceberg schema an Avro record schema lands as, with the converter for avsc's raw decoded values. */
export function mapAvroSchema(schemaText: string, references: string[] = []): MappedSchema {
  let schema: AvroSchema;
  try {
    schema = JSON.parse(schemaText) as AvroSchema;
  } catch (e) {
    throw new FloeError('BAD_INPUT', `The Avro schema is not JSON: ${(e as Error).message}`);
  }
  const mapper = new AvroMapper(references.map((r) => JSON.parse(r) as AvroSchema));
  const top = mapper.map(schema, '', '');
  if (top.type.kind !== 'struct') {
    const f = field('value', top.type, false);
    mapper.notes.push(`The schema is a ${top.type.kind}, not a record: it lands as one column "value"`);
    return { fields: [f], convert: (v) => ({ value: v === null ? null : top.convert(v) }), notes: mapper.notes };
  }
  return { fields: (top.type as { fields: NestedField[] }).fields, convert: top.convert as (v: unknown) => Record<string, unknown>, notes: mapper.notes, ...(top.fieldReads ? { direct: directTopRecord(top.fieldReads) } : {}) };
}
