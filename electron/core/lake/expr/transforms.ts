import { FloeError } from '../../../../shared/errors';
import type { PrimitiveType } from '../spec/types';
import type { Value } from './expr';
import { murmur3 } from './murmur3';
import { minimalBigEndian } from './single-value';

/** A partition transform (spec "Partition Transforms"). */
export type Transform =
  | { kind: 'identity' | 'year' | 'month' | 'day' | 'hour' | 'void' }
  | { kind: 'bucket'; n: number }
  | { kind: 'truncate'; width: number };

export function parseTransform(text: string): Transform | null {
  const t = text.trim().toLowerCase();
  if (['identity', 'year', 'month', 'day', 'hour', 'void'].includes(t)) return { kind: t as 'identity' };
  const b = /^bucket\[(\d+)\]$/.exec(t);
  if (b) return { kind: 'bucket', n: Number(b[1]) };
  const w = /^truncate\[(\d+)\]$/.exec(t);
  if (w) return { kind: 'truncate', width: Number(w[1]) };
  return null;
}

/** The type of a transform's result: int for bucket and the time transforms, else the source type. */
export function resultType(t: Transform, source: PrimitiveType): PrimitiveType {
  return t.kind === 'bucket' || t.kind === 'year' || t.kind === 'month' || t.kind === 'day' || t.kind === 'hour' ? { kind: 'int' } : source;
}

const MICROS_PER_DAY = 86_400_000_000n;
const MICROS_PER_HOUR = 3_600_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function le8(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt.asIntN(64, n), true);
  return out;
}

/** The bytes the bucket transform hashes (spec Appendix B): ints, dates and times as 8-byte longs, strings as UTF-8. */
function hashBytes(v: Value, type: PrimitiveType): Uint8Array {
  switch (type.kind) {
    case 'int':
    case 'long':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return le8(BigInt(v as number | bigint));
    case 'string':
      return new TextEncoder().encode(v as string);
    case 'decimal':
      return minimalBigEndian(v as bigint);
    case 'uuid':
    case 'fixed':
    case 'binary':
      return v as Uint8Array;
    default:
      throw new FloeError('UNSUPPORTED', `bucket does not apply to ${type.kind}`);
  }
}

/** Days since the epoch of a date or timestamp value. */
function epochDays(v: Value, type: PrimitiveType): number {
  if (type.kind === 'date') return v as number;
  return Number(floorDiv(v as bigint, MICROS_PER_DAY));
}

/** Applies a transform to a non-null source value (spec "Partition Transforms"). */
export function applyTransform(t: Transform, type: PrimitiveType, v: Value): Value {
  switch (t.kind) {
    case 'identity':
      return v;
    case 'bucket':
      return ((murmur3(hashBytes(v, type)) & 0x7fffffff) >>> 0) % t.n;
    case 'truncate': {
      if (type.kind === 'int') return (v as number) - ((((v as number) % t.width) + t.width) % t.width);
      if (type.kind === 'long' || type.kind === 'decimal') {
        const w = BigInt(t.width);
        return (v as bigint) - ((((v as bigint) % w) + w) % w);
      }
      if (type.kind === 'string') return Array.from(v as string).slice(0, t.width).join('');
      if (type.kind === 'binary') return (v as Uint8Array).slice(0, t.width);
      throw new FloeError('UNSUPPORTED', `truncate does not apply to ${type.kind}`);
    }
    case 'year':
    case 'month': {
      const d = new Date(epochDays(v, type) * 86_400_000);
      const years = d.getUTCFullYear() - 1970;
      return t.kind === 'year' ? years : years * 12 + d.getUTCMonth();
    }
    case 'day':
      return epochDays(v, type);
    case 'hour':
      if (type.kind === 'date') throw new FloeError('UNSUPPORTED', 'hour does not apply to dates');
      return Number(floorDiv(v as bigint, MICROS_PER_HOUR));
    case 'void':
      throw new FloeError('UNSUPPORTED', 'void has no values');
  }
}
