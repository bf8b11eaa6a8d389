import { FloeError } from '../../../../shared/errors';
import type { IcebergType, NestedField } from '../spec/types';

// Rows travel from Floe to the writer's DuckDB as JSON lines that DuckDB's JSON reader parses into the exact column
// types (see parquet-writer.ts): 64-bit integers as bare digits, decimals, dates, times and timestamps as text,
// bytes as base64 (decoded in SQL), NaN and ±Infinity as the strings DuckDB casts to floats.
//
// A row is a plain object keyed by field name, in Iceberg's value representation: int, date (days) and floats as
// number; long, time and timestamps (microseconds) and decimal (unscaled) as bigint (a number is accepted where it is
// an integer); string; boolean; binary and fixed as bytes; uuid as bytes or its text; struct as an object; list as an
// array; map as a Map, an array of [key, value] pairs or an object.

type Write = (v: unknown, out: string[]) => void;

const pad = (n: number | bigint, w: number) => String(n).padStart(w, '0');
const MICROS_PER_DAY = 86_400_000_000n;

function bigOf(v: unknown, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new FloeError('BAD_INPUT', `${what} needs an integer, not ${typeof v === 'string' ? JSON.stringify(v) : typeof v}`);
}

function dateText(days: number): string {
  const d = new Date(days * 86_400_000);
  const y = d.getUTCFullYear();
  return `${y < 0 ? '-' : ''}${pad(Math.abs(y), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

function timeText(micros: bigint): string {
  const s = micros / 1_000_000n;
  return `${pad(s / 3600n, 2)}:${pad((s / 60n) % 60n, 2)}:${pad(s % 60n, 2)}.${pad(micros % 1_000_000n, 6)}`;
}

function timestampText(micros: bigint): string {
  let days = micros / MICROS_PER_DAY;
  let rest = micros % MICROS_PER_DAY;
  if (rest < 0n) {
    rest += MICROS_PER_DAY;
    days -= 1n;
  }
  return `${dateText(Number(days))} ${timeText(rest)}`;
}

/** An unscaled value at a scale → its decimal text (-12345 at scale 3 → "-12.345"). */
export function decimalText(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return neg ? `-${text}` : text;
}

function uuidText(v: unknown): string {
  if (typeof v === 'string') return v;
  const hex = Buffer.from(v as Uint8Array).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function floatText(v: unknown): string {
  const n = Number(v);
  if (Number.isNaN(n)) return '"NaN"';
  if (n === Infinity) return '"Infinity"';
  if (n === -Infinity) return '"-Infinity"';
  return String(n);
}

function entriesOf(v: unknown): Iterable<[unknown, unknown]> {
  if (v instanceof Map) return v.entries();
  if (Array.isArray(v)) return v as [unknown, unknown][];
  return Object.entries(v as object);
}

function writer(type: IcebergType, what: string): Write {
  switch (type.kind) {
    case 'boolean':
      return (v, out) => void out.push(v ? 'true' : 'false');
    case 'int':
      return (v, out) => void out.push(String(Number(v) | 0));
    case 'long':
      return (v, out) => void out.push(bigOf(v, what).toString());
    case 'float':
    case 'double':
      return (v, out) => void out.push(floatText(v));
    case 'date':
      return (v, out) => void out.push(`"${dateText(Number(v))}"`);
    case 'time':
      return (v, out) => void out.push(`"${timeText(bigOf(v, what))}"`);
    case 'timestamp':
      return (v, out) => void out.push(`"${timestampText(bigOf(v, what))}"`);
    case 'timestamptz':
      return (v, out) => void out.push(`"${timestampText(bigOf(v, what))}+00"`);
    case 'string':
      return (v, out) => void out.push(JSON.stringify(String(v)));
    case 'uuid':
      return (v, out) => void out.push(`"${uuidText(v)}"`);
    case 'binary':
    case 'fixed':
      return (v, out) => void out.push(`"${Buffer.from(v as Uint8Array).toString('base64')}"`);
    case 'decimal': {
      const scale = type.scale;
      return (v, out) => void out.push(`"${decimalText(bigOf(v, what), scale)}"`);
    }
    case 'struct':
      return structWriter(type.fields, what);
    case 'list': {
      const element = nullable(writer(type.element, `${what}[]`));
      return (v, out) => {
        out.push('[');
        let first = true;
        for (const x of v as unknown[]) {
          if (!first) out.push(',');
          first = false;
          element(x, out);
        }
        out.push(']');
      };
    }
    case 'map': {
      const key = writer(type.key, `${what} key`);
      const value = nullable(writer(type.value, `${what} value`));
      return (v, out) => {
        out.push('{');
        let first = true;
        for (const [k, x] of entriesOf(v)) {
          if (!first) out.push(',');
          first = false;
          // JSON object keys are text: DuckDB casts them to the map's key type.
          const keyOut: string[] = [];
          key(k, keyOut);
          const keyText = keyOut.join('');
          out.push(keyText.startsWith('"') ? keyText : JSON.stringify(keyText), ':');
          value(x, out);
        }
        out.push('}');
      };
    }
  }
}

const nullable = (w: Write): Write => (v, out) => (v === null || v === undefined ? void out.push('null') : w(v, out));

function structWriter(fields: NestedField[], what: string): Write {
  const parts = fields.map((f) => ({ name: JSON.stringify(f.name), write: nullable(writer(f.type, what ? `${what}.${f.name}` : f.name)), key: f.name }));
  return (v, out) => {
    const o = v as Record<string, unknown>;
    out.push('{');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i > 0) out.push(',');
      out.push(p.name, ':');
      p.write(o[p.key], out);
    }
    out.push('}');
  };
}

/** A function that turns a row of the schema into one JSON line (without the newline). */
export function rowJsonWriter(fields: NestedField[]): (row: Record<string, unknown>) => string {
  const write = structWriter(fields, '');
  return (row) => {
    const out: string[] = [];
    write(row, out);
    return out.join('');
  };
}
