import type { PrimitiveType } from '../spec/types';
import type { Literal, Value } from './expr';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of `YYYY-MM-DD`. */
export function parseDate(text: string): number | undefined {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return undefined;
  return Math.round(ms / DAY_MS);
}

/** Microseconds of `HH:MM[:SS[.ffffff]]`. */
export function parseTime(text: string): bigint | undefined {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/.exec(text.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) return undefined;
  const secs = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
  return BigInt(secs) * 1_000_000n + BigInt((m[4] ?? '').padEnd(6, '0'));
}

/**
 * Microseconds since the epoch of `YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]][Z|±HH[:MM]]`. A text without a zone is UTC
 * (Floe's DuckDB session time zone), so both timestamp and timestamptz columns read it as DuckDB does.
 */
export function parseTimestamp(text: string, zoned: boolean): bigint | undefined {
  const m = /^(-?\d{4,}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (!m) return undefined;
  const days = parseDate(m[1] ?? '');
  const time = m[2] ? parseTime(m[2]) : 0n;
  if (days === undefined || time === undefined) return undefined;
  let micros = BigInt(days) * 86_400_000_000n + time;
  const zone = m[3];
  if (zone && zone !== 'Z') {
    if (!zoned) return undefined;
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    if (!z) return undefined;
    const offset = BigInt(Number(z[2]) * 3600 + Number(z[3] ?? 0) * 60) * 1_000_000n;
    micros += z[1] === '+' ? -offset : offset;
  }
  return micros;
}

/** The unscaled value of decimal text at `scale`, when it is exact (no digits dropped). */
export function parseDecimal(text: string, scale: number): bigint | undefined {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > scale) return undefined;
  const unscaled = BigInt(`${m[2] || '0'}${frac.padEnd(scale, '0')}`);
  return m[1] === '-' ? -unscaled : unscaled;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * A filter literal in the representation of a column's type, or undefined when it has no exact one (then the predicate
 * prunes nothing and DuckDB alone decides, e.g. `qty < 2.5` on an int column or any float comparison).
 */
export function literalValue(lit: Literal, type: PrimitiveType): Value | undefined {
  const text = lit.kind === 'string' ? lit.value : lit.kind === 'number' ? lit.text : undefined;
  switch (type.kind) {
    case 'boolean':
      if (lit.kind === 'boolean') return lit.value;
      if (lit.kind === 'string' && /^(true|false)$/i.test(lit.value)) return lit.value.toLowerCase() === 'true';
      return undefined;
    case 'int':
    case 'long': {
      if (text === undefined || !/^\s*[-+]?\d+\s*$/.test(text)) return undefined;
      const n = BigInt(text.trim());
      if (type.kind === 'long') return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
      return n >= BigInt(INT_MIN) && n <= BigInt(INT_MAX) ? Number(n) : undefined;
    }
    case 'double': {
      if (lit.kind !== 'number') return undefined;
      const n = Number(lit.text);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'decimal':
      return text === undefined ? undefined : parseDecimal(text, type.scale);
    case 'date':
      return lit.kind === 'string' ? parseDate(lit.value) : undefined;
    case 'time':
      return lit.kind === 'string' ? parseTime(lit.value) : undefined;
    case 'timestamp':
    case 'timestamptz':
      return lit.kind === 'string' ? parseTimestamp(lit.value, type.kind === 'timestamptz') : undefined;
    case 'string':
      return lit.kind === 'string' ? lit.value : undefined;
    default:
      // float (DuckDB compares in float precision), uuid, binary, fixed: no pruning.
      return undefined;
  }
}
