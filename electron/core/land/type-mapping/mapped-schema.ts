import type { IcebergType, NestedField } from '../../lake/spec/types';

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

/** An unscaled value at a scale → its decimal text (-12345 at scale 3 → "-12.345"). */
export function decimalText(unscaled: bigint, scale: number): string {
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `${unscaled < 0n ? '-' : ''}${scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits}`;
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
