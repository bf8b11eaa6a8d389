import type { DuckDBConnection } from '@duckdb/node-api';
import type { Value } from '../expr/expr';
import { encodeSingleValue } from '../expr/single-value';
import { quoteIdent, type IcebergType, type NestedField, type PrimitiveType } from '../spec/types';
import type { WrittenFile } from './data-file';
import { sqlString } from './parquet-sql';

// Column metrics for a written Parquet file, as Iceberg manifests keep them (spec "Manifests": column_sizes,
// value_counts, null_value_counts, nan_value_counts, lower_bounds, upper_bounds), so readers can prune by them.

export type FileMetrics = Pick<WrittenFile, 'recordCount' | 'columnSizes' | 'valueCounts' | 'nullValueCounts' | 'nanValueCounts' | 'lowerBounds' | 'upperBounds'>;

/** Iceberg's default metrics mode truncates string and binary bounds to 16 characters or bytes. */
const TRUNCATE = 16;

interface Leaf {
  id: number;
  type: PrimitiveType;
  /** DuckDB's path_in_schema of the leaf's Parquet column. */
  parquetPath: string;
  /** The SQL that reads the leaf (struct members by name); null inside lists and maps, which keep no bounds. */
  sql: string | null;
}

function leaves(fields: NestedField[], parquetPrefix: string[] = [], sqlPrefix: string | null = '', out: Leaf[] = []): Leaf[] {
  const visit = (id: number, name: string, type: IcebergType, path: string[], sql: string | null) => {
    switch (type.kind) {
      case 'struct':
        leaves(type.fields, path, sql, out);
        return;
      case 'list':
        visit(type.elementId, 'element', type.element, [...path, 'list', 'element'], null);
        return;
      case 'map':
        visit(type.keyId, 'key', type.key, [...path, 'key_value', 'key'], null);
        visit(type.valueId, 'value', type.value, [...path, 'key_value', 'value'], null);
        return;
      default:
        out.push({ id, type, parquetPath: path.join(', '), sql });
    }
  };
  for (const f of fields) visit(f.id, f.name, f.type, [...parquetPrefix, f.name], sqlPrefix === null ? null : sqlPrefix ? `${sqlPrefix}.${quoteIdent(f.name)}` : quoteIdent(f.name));
  return out;
}

/** SQL for a leaf's smallest and largest value (NaN left out), as text Floe parses per type. */
function boundSql(leaf: Leaf, agg: 'min' | 'max'): string {
  const c = leaf.sql!;
  switch (leaf.type.kind) {
    case 'boolean':
      return `${agg}(${c}::INTEGER)::VARCHAR`;
    case 'float':
    case 'double':
      return `${agg}(${c}) FILTER (WHERE NOT isnan(${c}))::VARCHAR`;
    case 'date':
      return `(${agg}(${c}) - DATE '1970-01-01')::VARCHAR`;
    case 'time':
      return `(EXTRACT(EPOCH FROM ${agg}(${c})) * 1000000)::BIGINT::VARCHAR`;
    case 'timestamp':
    case 'timestamptz':
      return `epoch_us(${agg}(${c}))::VARCHAR`;
    case 'binary':
    case 'fixed':
      return `hex(${agg}(${c}))`;
    default:
      return `${agg}(${c})::VARCHAR`;
  }
}

function parseDecimal(text: string, scale: number): bigint {
  const neg = text.startsWith('-');
  const [whole = '0', frac = ''] = (neg ? text.slice(1) : text).split('.');
  const n = BigInt(whole + frac.padEnd(scale, '0').slice(0, scale));
  return neg ? -n : n;
}

function parseBound(type: PrimitiveType, text: string): Value {
  switch (type.kind) {
    case 'boolean':
      return text === '1';
    case 'int':
    case 'date':
      return Number(text);
    case 'float':
    case 'double':
      return Number(text);
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return BigInt(text);
    case 'decimal':
      return parseDecimal(text, type.scale);
    case 'uuid':
      return Uint8Array.from(Buffer.from(text.replace(/-/g, ''), 'hex'));
    case 'binary':
    case 'fixed':
      return Uint8Array.from(Buffer.from(text, 'hex'));
    case 'string':
      return text;
  }
}

/** A truncated upper bound must still be ≥ every value: the last kept character (or byte) goes up by one. */
function truncatedUpper(v: Value): Value | null {
  if (typeof v === 'string') {
    const cps = Array.from(v);
    if (cps.length <= TRUNCATE) return v;
    for (let i = TRUNCATE - 1; i >= 0; i--) {
      const cp = cps[i]!.codePointAt(0)! + 1;
      if (cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) return cps.slice(0, i).join('') + String.fromCodePoint(cp);
    }
    return null;
  }
  if (v instanceof Uint8Array && v.length > TRUNCATE) {
    for (let i = TRUNCATE - 1; i >= 0; i--) {
      if (v[i]! < 0xff) {
        const out = v.slice(0, i + 1);
        out[i]! += 1;
        return out;
      }
    }
    return null;
  }
  return v;
}

function truncatedLower(v: Value): Value {
  if (typeof v === 'string') return Array.from(v).slice(0, TRUNCATE).join('');
  if (v instanceof Uint8Array) return v.slice(0, TRUNCATE);
  return v;
}

/** Reads a Parquet file's footer and the bounds of its top-level and struct columns. */
export async function parquetMetrics(conn: DuckDBConnection, path: string, fields: NestedField[]): Promise<FileMetrics> {
  const file = sqlString(path);
  const all = leaves(fields);
  const [rowsResult, columnsResult] = await Promise.all([
    conn.runAndReadAll(`SELECT num_rows::VARCHAR AS n FROM parquet_file_metadata(${file})`),
    conn.runAndReadAll(
      `SELECT path_in_schema AS p, sum(num_values)::VARCHAR AS v, sum(stats_null_count)::VARCHAR AS nulls, sum(total_compressed_size)::VARCHAR AS size FROM parquet_metadata(${file}) GROUP BY 1`,
    ),
  ]);
  const recordCount = Number((rowsResult.getRowObjects()[0] as { n: string } | undefined)?.n ?? 0);
  const byPath = new Map(all.map((l) => [l.parquetPath, l]));
  const metrics: FileMetrics = {
    recordCount,
    columnSizes: new Map(),
    valueCounts: new Map(),
    nullValueCounts: new Map(),
    nanValueCounts: new Map(),
    lowerBounds: new Map(),
    upperBounds: new Map(),
  };
  for (const row of columnsResult.getRowObjects() as { p: string; v: string | null; nulls: string | null; size: string | null }[]) {
    const leaf = byPath.get(row.p);
    if (!leaf) continue;
    if (row.size !== null) metrics.columnSizes.set(leaf.id, BigInt(row.size));
    if (row.v !== null) metrics.valueCounts.set(leaf.id, BigInt(row.v));
    if (row.nulls !== null) metrics.nullValueCounts.set(leaf.id, BigInt(row.nulls));
  }
  const bounded = all.filter((l) => l.sql !== null);
  if (bounded.length === 0 || recordCount === 0) return metrics;
  const floats = bounded.filter((l) => l.type.kind === 'float' || l.type.kind === 'double');
  const select = [
    ...bounded.flatMap((l, i) => [`${boundSql(l, 'min')} AS lo${i}`, `${boundSql(l, 'max')} AS hi${i}`]),
    ...floats.map((l, i) => `count(*) FILTER (WHERE isnan(${l.sql}))::VARCHAR AS nan${i}`),
  ];
  // Not from the folder names: `p=1/` above a file would otherwise add (or replace) a column p typed from the path.
  const bounds = (await conn.runAndReadAll(`SELECT ${select.join(', ')} FROM read_parquet(${file}, hive_partitioning = false)`)).getRowObjects()[0] as Record<string, string | null>;
  bounded.forEach((l, i) => {
    const lo = bounds[`lo${i}`];
    const hi = bounds[`hi${i}`];
    if (lo !== null && lo !== undefined) metrics.lowerBounds.set(l.id, encodeSingleValue(l.type, truncatedLower(parseBound(l.type, lo))));
    if (hi !== null && hi !== undefined) {
      const upper = truncatedUpper(parseBound(l.type, hi));
      if (upper !== null) metrics.upperBounds.set(l.id, encodeSingleValue(l.type, upper));
    }
  });
  floats.forEach((l, i) => metrics.nanValueCounts.set(l.id, BigInt(bounds[`nan${i}`] ?? '0')));
  return metrics;
}
