import protobuf from 'protobufjs';
import { FloeError } from '../../../../shared/errors';
import type { IcebergType } from '../../lake/spec/types';
import { type Convert, field, identity, list, map, type MappedSchema, structConverter, unscaledFromText } from './mapped-schema';

// Protobuf → Iceberg (docs/type-mapping.md has the table). The converter takes protobufjs's toObject output with
// longs as strings, enums as names, bytes as bytes and defaults filled (landingProtobufObject), the well-known
// types already shown as Floe's decoder shows them (Timestamp as RFC 3339 text, wrappers as their value).

interface Mapped {
  type: IcebergType;
  convert: Convert;
}

const big = (v: unknown) => BigInt(String(v));

/** RFC 3339 text with up to nanosecond digits → microseconds since the epoch (sub-microsecond digits dropped). */
export function rfc3339Micros(text: string): bigint {
  const m = /^(.*?)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) throw new FloeError('BAD_INPUT', `"${text}" is not an RFC 3339 timestamp`);
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) throw new FloeError('BAD_INPUT', `"${text}" is not an RFC 3339 timestamp`);
  return BigInt(ms) * 1000n + BigInt((m[2] ?? '').padEnd(6, '0').slice(0, 6) || '0');
}

/** proto3 JSON duration text ("1.5s") → microseconds. */
function durationMicros(text: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,9}))?s$/.exec(text);
  if (!m) throw new FloeError('BAD_INPUT', `"${text}" is not a duration`);
  const micros = BigInt(m[2]!) * 1_000_000n + BigInt((m[3] ?? '').padEnd(6, '0').slice(0, 6) || '0');
  return m[1] === '-' ? -micros : micros;
}

const WELL_KNOWN: Record<string, (notes: string[], path: string) => Mapped> = {
  '.google.protobuf.Timestamp': () => ({ type: { kind: 'timestamptz' }, convert: (v) => rfc3339Micros(String(v)) }),
  '.google.protobuf.Duration': (notes, path) => {
    notes.push(`${path}: Duration lands as long (microseconds)`);
    return { type: { kind: 'long' }, convert: (v) => durationMicros(String(v)) };
  },
  '.google.protobuf.DoubleValue': () => ({ type: { kind: 'double' }, convert: Number }),
  '.google.protobuf.FloatValue': () => ({ type: { kind: 'float' }, convert: Number }),
  '.google.protobuf.Int64Value': () => ({ type: { kind: 'long' }, convert: big }),
  '.google.protobuf.UInt64Value': () => ({ type: { kind: 'decimal', precision: 20, scale: 0 }, convert: big }),
  '.google.protobuf.Int32Value': () => ({ type: { kind: 'int' }, convert: Number }),
  '.google.protobuf.UInt32Value': () => ({ type: { kind: 'long' }, convert: big }),
  '.google.protobuf.BoolValue': () => ({ type: { kind: 'boolean' }, convert: Boolean }),
  '.google.protobuf.StringValue': () => ({ type: { kind: 'string' }, convert: String }),
  '.google.protobuf.BytesValue': () => ({ type: { kind: 'binary' }, convert: identity }),
  '.google.protobuf.Struct': (notes, path) => {
    notes.push(`${path}: Struct lands as string (its JSON text)`);
    return { type: { kind: 'string' }, convert: (v) => JSON.stringify(v) };
  },
  '.google.protobuf.Value': (notes, path) => {
    notes.push(`${path}: Value lands as string (its JSON text)`);
    return { type: { kind: 'string' }, convert: (v) => JSON.stringify(v) };
  },
  '.google.protobuf.ListValue': (notes, path) => {
    notes.push(`${path}: ListValue lands as string (its JSON text)`);
    return { type: { kind: 'string' }, convert: (v) => JSON.stringify(v) };
  },
  '.google.type.Date': () => ({
    type: { kind: 'date' },
    convert: (v) => {
      const d = v as { year?: number; month?: number; day?: number };
      return Math.floor(Date.UTC(d.year ?? 1970, (d.month ?? 1) - 1, d.day ?? 1) / 86_400_000);
    },
  }),
};

function scalar(type: string, path: string, notes: string[]): Mapped | null {
  switch (type) {
    case 'double':
    case 'float':
      return { type: { kind: type }, convert: Number };
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return { type: { kind: 'int' }, convert: Number };
    case 'uint32':
    case 'fixed32':
      return { type: { kind: 'long' }, convert: big };
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      return { type: { kind: 'long' }, convert: big };
    case 'uint64':
    case 'fixed64':
      notes.push(`${path}: ${type} lands as decimal(20, 0): Iceberg's long is signed`);
      return { type: { kind: 'decimal', precision: 20, scale: 0 }, convert: (v) => unscaledFromText(String(v), 0) };
    case 'bool':
      return { type: { kind: 'boolean' }, convert: Boolean };
    case 'string':
      return { type: { kind: 'string' }, convert: String };
    case 'bytes':
      return { type: { kind: 'binary' }, convert: identity };
    default:
      return null;
  }
}

class ProtobufMapper {
  readonly notes: string[] = [];
  private readonly visiting = new Set<string>();

  message(type: protobuf.Type, path: string): Mapped {
    const wk = WELL_KNOWN[type.fullName];
    if (wk) return wk(this.notes, path);
    if (this.visiting.has(type.fullName)) throw new FloeError('UNSUPPORTED', `Protobuf message ${type.fullName.slice(1)} contains itself (at ${path}): recursive types cannot land as Iceberg columns`);
    this.visiting.add(type.fullName);
    try {
      const parts = type.fieldsArray.map((f) => {
        const p = path ? `${path}.${f.name}` : f.name;
        const m = this.fieldType(f, p);
        // proto3 gives every singular scalar a default, so only messages and oneof members can be absent.
        const optional = f.resolvedType instanceof protobuf.Type || Boolean(f.partOf) || f.options?.proto3_optional === true || f.repeated || f.map;
        return { name: f.name, field: field(f.name, m.type, !optional), convert: m.convert };
      });
      for (const o of type.oneofsArray.filter((o) => !o.name.startsWith('_')))
        this.notes.push(`${path || type.name}: oneof ${o.name} lands as its member fields, each optional (the one that is set holds a value)`);
      if (parts.length === 0) throw new FloeError('UNSUPPORTED', `Protobuf message ${type.fullName.slice(1)} (at ${path || 'the top'}) has no fields: Iceberg structs need at least one`);
      return { type: { kind: 'struct', fields: parts.map((p) => p.field) }, convert: structConverter(parts, path) };
    } finally {
      this.visiting.delete(type.fullName);
    }
  }

  private single(f: protobuf.Field, path: string): Mapped {
    if (f.resolvedType instanceof protobuf.Type) return this.message(f.resolvedType, path);
    if (f.resolvedType instanceof protobuf.Enum) {
      this.notes.push(`${path}: enum ${f.resolvedType.name} lands as string (its value name)`);
      return { type: { kind: 'string' }, convert: String };
    }
    const s = scalar(f.type, path, this.notes);
    if (!s) throw new FloeError('UNSUPPORTED', `Protobuf type ${f.type} at ${path}`);
    return s;
  }

  private fieldType(f: protobuf.Field, path: string): Mapped {
    if (f instanceof protobuf.MapField) {
      const key = scalar(f.keyType, `${path} key`, this.notes)!;
      const value = this.single(f, `${path}{}`);
      return {
        type: map(key.type, value.type, false),
        convert: (v) => new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [key.convert(k), x === null ? null : value.convert(x)])),
      };
    }
    const one = this.single(f, path);
    if (!f.repeated) return one;
    return { type: list(one.type, true), convert: (v) => (v as unknown[]).map((x) => one.convert(x)) };
  }
}

/** protobufjs toObject options whose output the converter of mapProtobufMessage expects. */
export const LANDING_PROTOBUF_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, defaults: true, oneofs: false };

/** The Iceberg schema a Protobuf message type lands as, with the converter for its toObject output. */
export function mapProtobufMessage(type: protobuf.Type): MappedSchema {
  const mapper = new ProtobufMapper();
  const top = mapper.message(type, '');
  if (top.type.kind !== 'struct') {
    mapper.notes.push(`${type.fullName.slice(1)} is a well-known type: it lands as one column "value"`);
    return { fields: [field('value', top.type, false)], convert: (v) => ({ value: v === null ? null : top.convert(v) }), notes: mapper.notes };
  }
  return { fields: top.type.fields, convert: top.convert as (v: unknown) => Record<string, unknown>, notes: mapper.notes };
}
