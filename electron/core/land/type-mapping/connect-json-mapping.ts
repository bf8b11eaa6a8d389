import { FloeError } from '../../../../shared/errors';
import { timeOfDay, type IcebergType } from '../../lake/spec/types';
import { decimalText } from '../../lake/writer/decimal-text';
import { arrayOf, asBoolean, asNumber, asString, field, integerOf, list, map, objectOf, structConverter, unscaledOf, type Convert, type MappedSchema } from './mapped-schema';
import { rfc3339Micros } from './protobuf-mapping';

// Kafka Connect's JsonConverter with schemas.enable=true writes {"schema": …, "payload": …}: the schema travels with
// every record (Debezium's default). Connect schema → Iceberg (docs/type-mapping.md has the table); the converter
// takes the payload parsed exactly (integers past 2^53 as bigint), bytes as base64 text.

interface ConnectSchema {
  type: string;
  optional?: boolean;
  name?: string;
  field?: string;
  fields?: ConnectSchema[];
  items?: ConnectSchema;
  keys?: ConnectSchema;
  values?: ConnectSchema;
  parameters?: Record<string, string>;
  doc?: string;
}
interface Mapped {
  type: IcebergType;
  convert: Convert;
}

const base64 = (path: string) => {
  const text = asString(path);
  return (v: unknown) => Buffer.from(text(v) as string, 'base64');
};

function logical(s: ConnectSchema, notes: string[], path: string): Mapped | null {
  const big = (v: unknown) => integerOf(v, path);
  const bytes = base64(path);
  switch (s.name) {
    case 'org.apache.kafka.connect.data.Decimal': {
      const scale = Number(s.parameters?.scale ?? 0);
      const precision = Number(s.parameters?.['connect.decimal.precision'] ?? 38);
      // The unscaled value as base64 two's complement bytes (decimal.handling.mode=string declares a plain string instead).
      const convert: Convert = (v) => unscaledOf(bytes(v));
      if (precision > 38) {
        notes.push(`${path}: decimal wider than 38 digits lands as its text`);
        return { type: { kind: 'string' }, convert: (v) => decimalText(unscaledOf(bytes(v)), scale) };
      }
      return { type: { kind: 'decimal', precision: Math.max(precision, scale, 1), scale }, convert };
    }
    case 'org.apache.kafka.connect.data.Date':
    case 'io.debezium.time.Date':
      return { type: { kind: 'date' }, convert: (v) => Number(integerOf(v, path, 32)) };
    case 'org.apache.kafka.connect.data.Time':
    case 'io.debezium.time.Time':
      return { type: { kind: 'time' }, convert: (v) => timeOfDay(big(v) * 1000n, path) };
    case 'io.debezium.time.MicroTime':
      return { type: { kind: 'time' }, convert: (v) => timeOfDay(big(v), path) };
    case 'org.apache.kafka.connect.data.Timestamp':
      return { type: { kind: 'timestamptz' }, convert: (v) => big(v) * 1000n };
    case 'io.debezium.time.Timestamp':
      return { type: { kind: 'timestamp' }, convert: (v) => big(v) * 1000n };
    case 'io.debezium.time.MicroTimestamp':
      return { type: { kind: 'timestamp' }, convert: big };
    case 'io.debezium.time.NanoTimestamp':
      notes.push(`${path}: nanosecond timestamp lands as long (nanoseconds): Iceberg v2 timestamps hold microseconds`);
      return { type: { kind: 'long' }, convert: big };
    case 'io.debezium.time.ZonedTimestamp':
      return { type: { kind: 'timestamptz' }, convert: (v) => rfc3339Micros(asString(path)(v) as string) };
    case 'io.debezium.data.Uuid':
      return { type: { kind: 'uuid' }, convert: asString(path) };
    case 'io.debezium.data.VariableScaleDecimal':
      notes.push(`${path}: variable-scale decimal lands as its text`);
      return {
        type: { kind: 'string' },
        convert: (v) => {
          const o = objectOf(v, path);
          return decimalText(unscaledOf(bytes(o.value)), Number(integerOf(o.scale, `${path}.scale`, 32)));
        },
      };
    default:
      return null;
  }
}

function mapConnect(s: ConnectSchema, path: string, notes: string[]): Mapped {
  const l = s.name ? logical(s, notes, path) : null;
  if (l) return l;
  switch (s.type) {
    case 'int8':
    case 'int16':
    case 'int32': {
      const bits = Number(s.type.slice(3));
      return { type: { kind: 'int' }, convert: (v) => Number(integerOf(v, path, bits)) };
    }
    case 'int64':
      return { type: { kind: 'long' }, convert: (v) => integerOf(v, path) };
    // JsonConverter names them float and double (its JsonSchema constants); float32/float64 are the Schema.Type names.
    case 'float':
    case 'float32':
      return { type: { kind: 'float' }, convert: asNumber(path) };
    case 'double':
    case 'float64':
      return { type: { kind: 'double' }, convert: asNumber(path) };
    case 'boolean':
      return { type: { kind: 'boolean' }, convert: asBoolean(path) };
    case 'string':
      return { type: { kind: 'string' }, convert: asString(path) };
    case 'bytes':
      return { type: { kind: 'binary' }, convert: base64(path) };
    case 'array': {
      if (!s.items) throw new FloeError('BAD_INPUT', `${path}: a Connect array schema without items`);
      const element = mapConnect(s.items, `${path}[]`, notes);
      return { type: list(element.type, !s.items.optional), convert: (v) => arrayOf(v, path).map((x) => (x === null ? null : element.convert(x))) };
    }
    case 'map': {
      if (!s.keys || !s.values) throw new FloeError('BAD_INPUT', `${path}: a Connect map schema without keys or values`);
      const key = mapConnect(s.keys, `${path} key`, notes);
      const value = mapConnect(s.values, `${path}{}`, notes);
      // JsonConverter writes a map with string keys as an object, any other map as [[key, value], …].
      return {
        type: map(key.type, value.type, !s.values.optional),
        convert: (v) => new Map((Array.isArray(v) ? (v as [unknown, unknown][]) : Object.entries(objectOf(v, path))).map(([k, x]) => [key.convert(k), x === null ? null : value.convert(x)])),
      };
    }
    case 'struct': {
      const names = new Set((s.fields ?? []).map((f) => f.field));
      const envelope = names.has('before') && names.has('after') && names.has('op');
      const parts = (s.fields ?? []).map((f) => {
        const name = f.field ?? '';
        // Debezium's before image holds only the key columns under PostgreSQL's default REPLICA IDENTITY (nulls in
        // NOT NULL columns): its fields are optional, or every delete would be a bad record.
        const image = envelope && name === 'before' && f.type === 'struct' ? { ...f, fields: (f.fields ?? []).map((x) => ({ ...x, optional: true })) } : f;
        const m = mapConnect(image, path ? `${path}.${name}` : name, notes);
        return { name, field: field(name, m.type, !f.optional, f.doc), convert: m.convert };
      });
      if (parts.length === 0) throw new FloeError('UNSUPPORTED', `${path || 'the value'}: a Connect struct with no fields cannot land as an Iceberg struct`);
      return { type: { kind: 'struct', fields: parts.map((p) => p.field) }, convert: structConverter(parts, path) };
    }
    default:
      throw new FloeError('UNSUPPORTED', `${path}: Connect schema type "${s.type}"`);
  }
}

/** The Iceberg schema of a Connect JSON envelope's schema, with the converter for its payload. */
export function mapConnectSchema(schema: unknown): MappedSchema {
  const notes: string[] = [];
  const top = mapConnect(schema as ConnectSchema, '', notes);
  if (top.type.kind !== 'struct') {
    notes.push(`The Connect schema is a ${top.type.kind}, not a struct: it lands as one column "value"`);
    return { fields: [field('value', top.type, false)], convert: (v) => ({ value: v === null ? null : top.convert(v) }), notes };
  }
  return { fields: top.type.fields, convert: top.convert as (v: unknown) => Record<string, unknown>, notes };
}
