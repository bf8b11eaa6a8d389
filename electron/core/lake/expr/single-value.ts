import type { PrimitiveType } from '../spec/types';
import type { Value } from './expr';

/** Two's complement big-endian bytes as a bigint (decimal's unscaled value). */
export function bigEndianSigned(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return (bytes[0] ?? 0) & 0x80 ? n - (1n << BigInt(bytes.length * 8)) : n;
}

/** The fewest two's complement big-endian bytes that hold `n` (Iceberg's decimal serialization and bucket hash input). */
export function minimalBigEndian(n: bigint): Uint8Array {
  let len = 1;
  while (n < -(1n << BigInt(len * 8 - 1)) || n >= 1n << BigInt(len * 8 - 1)) len++;
  const out = new Uint8Array(len);
  let v = BigInt.asUintN(len * 8, n);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * Decodes Iceberg's single-value binary serialization (spec Appendix D), used by column lower/upper bounds and
 * manifest-list partition summaries. Bounds written before a type promotion keep their old width: a 4-byte long is an
 * int, a 4-byte double a float. Undefined when the bytes cannot be a value of the type.
 */
export function decodeSingleValue(type: PrimitiveType, bytes: Uint8Array): Value | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (type.kind) {
    case 'boolean':
      return bytes.length === 1 ? bytes[0] !== 0 : undefined;
    case 'int':
    case 'date':
      return bytes.length === 4 ? view.getInt32(0, true) : undefined;
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      if (bytes.length === 8) return view.getBigInt64(0, true);
      return bytes.length === 4 && type.kind === 'long' ? BigInt(view.getInt32(0, true)) : undefined;
    case 'float':
      return bytes.length === 4 ? view.getFloat32(0, true) : undefined;
    case 'double':
      if (bytes.length === 8) return view.getFloat64(0, true);
      return bytes.length === 4 ? view.getFloat32(0, true) : undefined;
    case 'string':
      return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    case 'decimal':
      return bigEndianSigned(bytes);
    case 'uuid':
    case 'fixed':
    case 'binary':
      return new Uint8Array(bytes);
  }
}

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/**
 * A partition tuple value as the manifest reader returns it (Avro: int as number, long as bigint, bytes as hex text)
 * in the representation of the partition field's result type. Null stays null; undefined when it does not fit.
 */
export function partitionValue(raw: unknown, type: PrimitiveType): Value | null | undefined {
  if (raw === null) return null;
  if (raw === undefined) return undefined;
  switch (type.kind) {
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'int':
    case 'date':
    case 'float':
    case 'double':
      return typeof raw === 'number' ? raw : typeof raw === 'bigint' ? Number(raw) : undefined;
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return typeof raw === 'bigint' ? raw : typeof raw === 'number' && Number.isInteger(raw) ? BigInt(raw) : undefined;
    case 'string':
      return typeof raw === 'string' ? raw : undefined;
    case 'decimal':
      return typeof raw === 'string' ? bigEndianSigned(hexBytes(raw)) : undefined;
    case 'uuid':
    case 'fixed':
    case 'binary':
      return typeof raw === 'string' ? hexBytes(raw) : undefined;
  }
}

/** Iceberg's single-value binary serialization of a value (spec Appendix D); the inverse of decodeSingleValue. */
export function encodeSingleValue(type: PrimitiveType, v: Value): Uint8Array {
  const fixed = (n: number, set: (view: DataView) => void) => {
    const out = new Uint8Array(n);
    set(new DataView(out.buffer));
    return out;
  };
  switch (type.kind) {
    case 'boolean':
      return Uint8Array.of(v ? 1 : 0);
    case 'int':
    case 'date':
      return fixed(4, (d) => d.setInt32(0, Number(v), true));
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return fixed(8, (d) => d.setBigInt64(0, BigInt(v as bigint | number), true));
    case 'float':
      return fixed(4, (d) => d.setFloat32(0, Number(v), true));
    case 'double':
      return fixed(8, (d) => d.setFloat64(0, Number(v), true));
    case 'string':
      return new TextEncoder().encode(String(v));
    case 'decimal':
      return minimalBigEndian(BigInt(v as bigint));
    case 'uuid':
    case 'fixed':
    case 'binary':
      return v as Uint8Array;
  }
}
