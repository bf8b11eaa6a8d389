import type { Value } from './expr';

const utf8 = new TextEncoder();

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * Orders two values of one Iceberg type: numbers and bigints numerically, strings by their UTF-8 bytes (Iceberg's
 * order, unlike JavaScript's UTF-16 one), bytes unsigned lexicographically, false before true.
 */
export function compareValues(a: Value, b: Value): number {
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a === b ? 0 : compareBytes(utf8.encode(a), utf8.encode(b));
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  throw new Error(`Cannot compare ${typeof a} with ${typeof b}`);
}

export function isNaNValue(v: Value): boolean {
  return typeof v === 'number' && Number.isNaN(v);
}
