import { FloeError } from '../../../../shared/errors';

/** Iceberg types (spec "Schemas and Data Types"), as parsed from table metadata JSON. */
export type PrimitiveType =
  | { kind: 'boolean' | 'int' | 'long' | 'float' | 'double' | 'date' | 'time' | 'timestamp' | 'timestamptz' | 'string' | 'uuid' | 'binary' }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'fixed'; length: number };

export interface NestedField {
  id: number;
  name: string;
  required: boolean;
  type: IcebergType;
  doc?: string;
  initialDefault?: unknown;
}

export type IcebergType =
  | PrimitiveType
  | { kind: 'struct'; fields: NestedField[] }
  | { kind: 'list'; elementId: number; elementRequired: boolean; element: IcebergType }
  | { kind: 'map'; keyId: number; key: IcebergType; valueId: number; valueRequired: boolean; value: IcebergType };

/** Microseconds in a day: an Iceberg time is a time of day. */
export const DAY_MICROS = 86_400_000_000n;

/** A time value checked to be a time of day (DuckDB's writer fails, and drops its database, on a TIME outside the day). */
export function timeOfDay(micros: bigint, what: string): bigint {
  if (micros < 0n || micros >= DAY_MICROS) throw new FloeError('BAD_INPUT', `${what || 'the value'}: ${micros} µs is not a time of day (0 to 24 h)`);
  return micros;
}

const SIMPLE = new Set(['boolean', 'int', 'long', 'float', 'double', 'date', 'time', 'timestamp', 'timestamptz', 'string', 'uuid', 'binary']);
/** Types that exist only in format v3: named so a refusal says exactly what is not supported. */
const V3_ONLY = new Set(['timestamp_ns', 'timestamptz_ns', 'variant', 'unknown', 'geometry', 'geography']);

function asRecord(v: unknown, what: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new FloeError('STORE_CORRUPT', `${what} is not a JSON object`);
  return v as Record<string, unknown>;
}

export function parseType(json: unknown): IcebergType {
  if (typeof json === 'string') {
    if (SIMPLE.has(json)) return { kind: json } as PrimitiveType;
    const dec = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(json);
    if (dec) return { kind: 'decimal', precision: Number(dec[1]), scale: Number(dec[2]) };
    const fixed = /^fixed\[\s*(\d+)\s*\]$/.exec(json);
    if (fixed) return { kind: 'fixed', length: Number(fixed[1]) };
    const base = json.replace(/\(.*$/, '');
    if (V3_ONLY.has(base)) throw new FloeError('UNSUPPORTED', `Iceberg type "${json}" (format v3) is not supported by Floe's reader yet`);
    throw new FloeError('STORE_CORRUPT', `Unknown Iceberg type "${json}"`);
  }
  const o = asRecord(json, 'A type');
  switch (o.type) {
    case 'struct':
      return { kind: 'struct', fields: parseFields(o.fields) };
    case 'list':
      return { kind: 'list', elementId: Number(o['element-id']), elementRequired: Boolean(o['element-required']), element: parseType(o.element) };
    case 'map':
      return {
        kind: 'map',
        keyId: Number(o['key-id']),
        key: parseType(o.key),
        valueId: Number(o['value-id']),
        valueRequired: Boolean(o['value-required']),
        value: parseType(o.value),
      };
    default:
      throw new FloeError('STORE_CORRUPT', `Unknown nested Iceberg type ${JSON.stringify(o.type)}`);
  }
}

export function parseFields(json: unknown): NestedField[] {
  if (!Array.isArray(json)) throw new FloeError('STORE_CORRUPT', 'A struct has no "fields" array');
  return json.map((f) => {
    const o = asRecord(f, 'A schema field');
    if (typeof o.id !== 'number' || typeof o.name !== 'string') throw new FloeError('STORE_CORRUPT', `A schema field lacks an id or a name: ${JSON.stringify(o)}`);
    return {
      id: o.id,
      name: o.name,
      required: Boolean(o.required),
      type: parseType(o.type),
      ...(typeof o.doc === 'string' ? { doc: o.doc } : {}),
      ...('initial-default' in o ? { initialDefault: o['initial-default'] } : {}),
    };
  });
}

/** The type as Iceberg writes it: `long`, `decimal(10, 2)`, `struct<…>`, `list<…>`, `map<…>`. */
export function typeToString(t: IcebergType): string {
  switch (t.kind) {
    case 'decimal':
      return `decimal(${t.precision}, ${t.scale})`;
    case 'fixed':
      return `fixed[${t.length}]`;
    case 'struct':
      return `struct<${t.fields.map((f) => `${f.name}: ${typeToString(f.type)}`).join(', ')}>`;
    case 'list':
      return `list<${typeToString(t.element)}>`;
    case 'map':
      return `map<${typeToString(t.key)}, ${typeToString(t.value)}>`;
    default:
      return t.kind;
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The DuckDB type that holds an Iceberg type exactly. */
export function duckdbType(t: IcebergType): string {
  switch (t.kind) {
    case 'boolean':
      return 'BOOLEAN';
    case 'int':
      return 'INTEGER';
    case 'long':
      return 'BIGINT';
    case 'float':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'timestamptz':
      return 'TIMESTAMPTZ';
    case 'string':
      return 'VARCHAR';
    case 'uuid':
      return 'UUID';
    case 'binary':
    case 'fixed':
      return 'BLOB';
    case 'decimal':
      return `DECIMAL(${t.precision}, ${t.scale})`;
    case 'struct':
      return `STRUCT(${t.fields.map((f) => `${quoteIdent(f.name)} ${duckdbType(f.type)}`).join(', ')})`;
    case 'list':
      return `${duckdbType(t.element)}[]`;
    case 'map':
      return `MAP(${duckdbType(t.key)}, ${duckdbType(t.value)})`;
  }
}

/** Whether a type holds a struct anywhere: only then can names inside it differ from the file's. */
export function hasStruct(t: IcebergType): boolean {
  switch (t.kind) {
    case 'struct':
      return true;
    case 'list':
      return hasStruct(t.element);
    case 'map':
      return hasStruct(t.key) || hasStruct(t.value);
    default:
      return false;
  }
}
