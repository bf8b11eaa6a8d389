import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { IcebergType, NestedField } from '../../../electron/core/lake/spec/types';

// Rows of every Iceberg type for the table writer_oracle.py creates, and the normalised form pyiceberg and DuckDB
// read them back in: shared by the writer and maintenance tests.

const root = join(import.meta.dirname, '..', '..', '..');
export const oracleScript = join(root, 'test/fixtures/lake/writer_oracle.py');

export const MICROS_DAY = 86_400_000_000n;
export const BASE_TS = 1_710_028_800_000_000n; // 2024-03-10T00:00:00Z

export function row(i: number): Record<string, unknown> {
  return {
    id: BigInt(i) + (i === 7 ? 9_007_199_254_740_993n : 0n),
    name: i % 5 === 0 ? null : `name-${i}${i % 3 === 0 ? '-ünï' : ''}`,
    amount: BigInt(i * 137 - 5000),
    ts: BASE_TS + BigInt(i) * 3_600_000_000n + BigInt(i % 1000),
    local_ts: BASE_TS - MICROS_DAY * 400n + BigInt(i) * 1_000_001n,
    day: 19_000 + (i % 40),
    at: BigInt(i % 86_400) * 1_000_000n + 7n,
    ratio: i === 3 ? Number.NaN : i === 4 ? Number.POSITIVE_INFINITY : i === 6 ? Number.NEGATIVE_INFINITY : i / 4,
    score: i % 2 === 0 ? (i % 64) * 0.25 : null,
    flag: i % 3 === 0,
    uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    blob: i % 4 === 0 ? null : Uint8Array.of(i & 0xff, 0, 255),
    small: i % 7 === 0 ? null : i - 500,
    tags: i % 6 === 0 ? null : ['a', null, `t${i % 3}`],
    attrs: new Map<string, bigint | null>([
      ['k', BigInt(i)],
      ['z', i % 2 ? null : -1n],
    ]),
    address: i % 9 === 0 ? null : { city: `c${i % 11}`, zip: i % 8 === 0 ? null : 10_000 + i, raw: Uint8Array.of(1, 2, i & 0xff) },
    lines: [{ sku: `s${i}`, qty: BigInt(i % 5) }, null],
  };
}

/** A value as writer_oracle.py normalises what pyiceberg and DuckDB return. */
export function norm(t: IcebergType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case 'boolean':
      return v;
    case 'float':
    case 'double': {
      const n = Number(v);
      if (Number.isNaN(n)) return 'NaN';
      if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
      return Number.isInteger(n) ? `${n}.0` : String(n);
    }
    case 'decimal': {
      const u = v as bigint;
      const digits = (u < 0n ? -u : u).toString().padStart(t.scale + 1, '0');
      return `${u < 0n ? '-' : ''}${digits.slice(0, -t.scale)}.${digits.slice(-t.scale)}`;
    }
    case 'binary':
    case 'fixed':
      return Buffer.from(v as Uint8Array).toString('hex');
    case 'uuid':
      return v;
    case 'struct':
      return Object.fromEntries(t.fields.map((f) => [f.name, norm(f.type, (v as Record<string, unknown>)[f.name])]));
    case 'list':
      return (v as unknown[]).map((e) => norm(t.element, e));
    case 'map':
      return [...(v as Map<unknown, unknown>)].map(([k, x]) => [norm(t.key, k), norm(t.value, x)]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    default:
      return String(v);
  }
}

const sortedKeys = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(sortedKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortedKeys(x)])) : v;
export const canonRows = (rows: unknown[]) => rows.map((r) => JSON.stringify(sortedKeys(r))).sort();

export function expected(fields: NestedField[], rows: Record<string, unknown>[]): string[] {
  return canonRows(rows.map((r) => Object.fromEntries(fields.map((f) => [f.name, norm(f.type, r[f.name])]))));
}

export function py(exe: string, ...args: string[]): unknown {
  return pyIn(process.env, exe, ...args);
}

/** py() with its own environment (FLOE_S3_* for tables on S3: see writer_oracle.py). */
export function pyIn(env: NodeJS.ProcessEnv, exe: string, ...args: string[]): unknown {
  return JSON.parse(execFileSync(exe, [oracleScript, ...args], { encoding: 'utf8', env, maxBuffer: 256 * 1024 ** 2, stdio: ['ignore', 'pipe', 'inherit'] }));
}

