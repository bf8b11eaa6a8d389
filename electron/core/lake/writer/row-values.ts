import {
  BIGINT,
  BLOB,
  BOOLEAN,
  DATE,
  DECIMAL,
  DOUBLE,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimeValue,
  DuckDBUUIDValue,
  FLOAT,
  INTEGER,
  LIST,
  MAP,
  STRUCT,
  TIME,
  TIMESTAMP,
  TIMESTAMPTZ,
  UUID,
  VARCHAR,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { FloeError } from '../../../../shared/errors';
import { timeOfDay, type IcebergType, type NestedField } from '../spec/types';

// Rows travel from Floe to the writer's DuckDB as DuckDB values in each column's own type, filled into data chunks
// (staged-rows.ts): no text in between, so 64-bit integers, decimals (unscaled), temporals (days, microseconds), bytes
// and non-finite floats arrive exact. A row is a plain object keyed by field name, in Iceberg's value representation:
// int, date (days) and floats as number; long, time and timestamps (microseconds) and decimal (unscaled) as bigint (a
// number is accepted where it is an integer); string; boolean; binary and fixed as bytes; uuid as bytes or its text;
// struct as an object; list as an array; map as a Map, an array of [key, value] pairs or an object.

type ToValue = (v: unknown) => DuckDBValue;

function bigOf(v: unknown, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new FloeError('BAD_INPUT', `${what} needs an integer, not ${typeof v === 'string' ? JSON.stringify(v) : typeof v}`);
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidOf(v: unknown, what: string): DuckDBUUIDValue {
  let hex: string;
  if (typeof v === 'string') {
    if (!UUID_TEXT.test(v)) throw new FloeError('BAD_INPUT', `${what} needs a UUID, not ${JSON.stringify(v)}`);
    hex = v.replace(/-/g, '');
  } else if (v instanceof Uint8Array && v.length === 16) hex = Buffer.from(v).toString('hex');
  else throw new FloeError('BAD_INPUT', `${what} needs a UUID (text or 16 bytes)`);
  return DuckDBUUIDValue.fromUint128(BigInt(`0x${hex}`));
}

function entriesOf(v: unknown): Iterable<[unknown, unknown]> {
  if (v instanceof Map) return v.entries();
  if (Array.isArray(v)) return v as [unknown, unknown][];
  return Object.entries(v as object);
}

/** The DuckDB type of an Iceberg type (duckdbType() is its SQL text). */
export function duckType(t: IcebergType): DuckDBType {
  switch (t.kind) {
    case 'boolean':
      return BOOLEAN;
    case 'int':
      return INTEGER;
    case 'long':
      return BIGINT;
    case 'float':
      return FLOAT;
    case 'double':
      return DOUBLE;
    case 'date':
      return DATE;
    case 'time':
      return TIME;
    case 'timestamp':
      return TIMESTAMP;
    case 'timestamptz':
      return TIMESTAMPTZ;
    case 'string':
      return VARCHAR;
    case 'uuid':
      return UUID;
    case 'binary':
    case 'fixed':
      return BLOB;
    case 'decimal':
      return DECIMAL(t.precision, t.scale);
    case 'struct':
      return STRUCT(Object.fromEntries(t.fields.map((f) => [f.name, duckType(f.type)])));
    case 'list':
      return LIST(duckType(t.element));
    case 'map':
      return MAP(duckType(t.key), duckType(t.value));
  }
}

/** An Iceberg value (never null) → the DuckDB value its column's vector takes; `what` names the field in errors. */
function toValue(type: IcebergType, what: string): ToValue {
  switch (type.kind) {
    case 'boolean':
      return (v) => Boolean(v);
    case 'int':
      return (v) => Number(v) | 0;
    case 'long':
      return (v) => {
        const n = bigOf(v, what);
        if (BigInt.asIntN(64, n) !== n) throw new FloeError('BAD_INPUT', `${what}: ${n} does not fit a long`);
        return n;
      };
    case 'float':
      return (v) => Math.fround(Number(v));
    case 'double':
      return (v) => Number(v);
    case 'date':
      return (v) => new DuckDBDateValue(Math.trunc(Number(v)));
    case 'time':
      return (v) => new DuckDBTimeValue(timeOfDay(bigOf(v, what), what));
    case 'timestamp':
      return (v) => new DuckDBTimestampValue(bigOf(v, what));
    case 'timestamptz':
      return (v) => new DuckDBTimestampTZValue(bigOf(v, what));
    case 'string':
      return (v) => String(v);
    case 'uuid':
      return (v) => uuidOf(v, what);
    case 'binary':
    case 'fixed':
      return (v) => new DuckDBBlobValue(v as Uint8Array);
    case 'decimal': {
      const { precision, scale } = type;
      const limit = 10n ** BigInt(precision);
      return (v) => {
        const unscaled = bigOf(v, what);
        if (unscaled >= limit || unscaled <= -limit) throw new FloeError('BAD_INPUT', `${what}: ${unscaled} (unscaled) does not fit decimal(${precision}, ${scale})`);
        return new DuckDBDecimalValue(unscaled, precision, scale);
      };
    }
    case 'struct': {
      const parts = type.fields.map((f) => ({ name: f.name, to: nullable(toValue(f.type, what ? `${what}.${f.name}` : f.name)) }));
      return (v) => {
        const o = v as Record<string, unknown>;
        const entries: Record<string, DuckDBValue> = {};
        for (const p of parts) entries[p.name] = p.to(o[p.name]);
        return new DuckDBStructValue(entries);
      };
    }
    case 'list': {
      const element = nullable(toValue(type.element, `${what}[]`));
      return (v) => new DuckDBListValue((v as unknown[]).map(element));
    }
    case 'map': {
      const key = toValue(type.key, `${what} key`);
      const value = nullable(toValue(type.value, `${what} value`));
      return (v) => new DuckDBMapValue([...entriesOf(v)].map(([k, x]) => ({ key: key(k), value: value(x) })));
    }
  }
}

const nullable = (to: ToValue): ToValue => (v) => (v === null || v === undefined ? null : to(v));

/** A rough size of a value as staged: its length for text and binary, 8 for anything of fixed size. */
function sizeOf(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (v instanceof Uint8Array) return v.length;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + sizeOf(x), 4);
  if (v instanceof Map) return [...v].reduce((n: number, [k, x]) => n + sizeOf(k) + sizeOf(x), 4);
  if (v !== null && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + sizeOf(x), 0);
  return 8;
}

/** Turns rows of the schema into DuckDB values, one per column, pushed onto `columns`; returns their rough size. */
export function rowValues(fields: NestedField[]): { types: DuckDBType[]; push: (row: Record<string, unknown>, columns: DuckDBValue[][]) => number } {
  const parts = fields.map((f) => ({ key: f.name, to: nullable(toValue(f.type, f.name)) }));
  const types = fields.map((f) => duckType(f.type));
  const values: DuckDBValue[] = new Array(parts.length);
  return {
    types,
    push: (row, columns) => {
      // Every value first, so a value refused leaves no column a row longer than another.
      let bytes = 0;
      for (let i = 0; i < parts.length; i++) {
        const v = row[parts[i]!.key];
        values[i] = parts[i]!.to(v);
        bytes += v === null || v === undefined ? 1 : sizeOf(v);
      }
      for (let i = 0; i < parts.length; i++) columns[i]!.push(values[i]!);
      return bytes;
    },
  };
}
