import { FloeError } from '../../../../shared/errors';
import type { IcebergType, NestedField } from '../../lake/spec/types';
import type { DirectRecordRead } from './avro-direct';

/** A row converter: a decoded record (the decoder's raw values) → a row keyed by field name, in Iceberg's value representation. */
export type RowConverter = (value: unknown) => Record<string, unknown>;

/**
 * What a registry schema lands as: the Iceberg fields (ids not yet assigned: every id is 0 until assignFieldIds
 * matches them to a table), a converter for decoded values, and notes on choices a reader should know about
 * (unions of several types, enums as strings, nanosecond timestamps as longs…).
 */
export interface MappedSchema {
  fields: NestedField[];
  convert: RowConverter;
  notes: string[];
  /** Reads a record's bytes straight into the staged table's columns, when the schema is one avro-direct.ts reads. */
  direct?: DirectRecordRead;
}

/** A value converter for one type: raw decoded value → Iceberg value representation. */
export type Convert = (v: unknown) => unknown;

export const identity: Convert = (v) => v;

export const field = (name: string, type: IcebergType, required: boolean, doc?: string): NestedField => ({ id: 0, name, required, type, ...(doc ? { doc } : {}) });

export const list = (element: IcebergType, elementRequired: boolean): IcebergType => ({ kind: 'list', elementId: 0, elementRequired, element });

export const map = (key: IcebergType, value: IcebergType, valueRequired: boolean): IcebergType => ({ kind: 'map', keyId: 0, key, valueId: 0, valueRequired, value });

/** Two's complement big-endian bytes (Avro decimal, Protobuf-free) → unscaled bigint. */
export function unscaledOf(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return bytes.length > 0 && bytes[0]! & 0x80 ? n - (1n << BigInt(bytes.length * 8)) : n;
}

/** Decimal text ("-12.5") at a scale → unscaled bigint; null when the text is not a decimal that fits the scale. */
export function unscaledFromText(text: string, scale: number): bigint | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = m[3] ?? '';
  if (frac.length > scale && /[1-9]/.test(frac.slice(scale))) return null;
  const n = BigInt((m[2] || '0') + frac.padEnd(scale, '0').slice(0, scale));
  return m[1] === '-' ? -n : n;
}

// JSON-fed converters (JSON Schema, Connect JSON) check what they get: a record that does not match its schema is a
// bad record naming the field, never a NaN, a "[object Object]" or a null in a required column.

function shown(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object' && !(v instanceof Uint8Array)) return 'an object';
  const text = typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
  return `${typeof v === 'bigint' ? 'number' : typeof v} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

export function mismatch(path: string, expected: string, v: unknown): FloeError {
  return new FloeError('BAD_INPUT', `${path || 'the value'}: expected ${expected}, got ${shown(v)}`);
}

export const asNumber = (path: string): Convert => (v) => {
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v);
  throw mismatch(path, 'a number', v);
};

export const asBoolean = (path: string): Convert => (v) => {
  if (typeof v === 'boolean') return v;
  throw mismatch(path, 'true or false', v);
};

export const asString = (path: string): Convert => (v) => {
  if (typeof v === 'string') return v;
  throw mismatch(path, 'a string', v);
};

/** An integer (exact as bigint) within a signed range of `bits`. */
export function integerOf(v: unknown, path: string, bits = 64): bigint {
  const n = typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : null;
  if (n === null) throw mismatch(path, 'an integer', v);
  const limit = 1n << BigInt(bits - 1);
  if (n < -limit || n >= limit) throw mismatch(path, `a ${bits}-bit integer`, v);
  return n;
}

export function arrayOf(v: unknown, path: string): unknown[] {
  if (Array.isArray(v)) return v;
  throw mismatch(path, 'an array', v);
}

export function objectOf(v: unknown, path: string): Record<string, unknown> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) return v as Record<string, unknown>;
  throw mismatch(path, 'an object', v);
}

/** A struct converter over named parts: missing or null values are null, except in a required field (a bad record). */
export function structConverter(parts: { name: string; field: NestedField; convert: Convert }[], path: string): Convert {
  return (v) => {
    const o = objectOf(v, path);
    const out: Record<string, unknown> = {};
    for (const p of parts) {
      const x = o[p.name];
      if (x === null || x === undefined) {
        if (p.field.required) throw new FloeError('BAD_INPUT', `${path ? `${path}.${p.name}` : p.name} is required but ${x === null ? 'null' : 'missing'}`);
        out[p.name] = null;
      } else out[p.name] = p.convert(x);
    }
    return out;
  };
}
