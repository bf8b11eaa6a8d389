import { duckdbType, quoteIdent, type IcebergType, type NestedField } from '../spec/types';

// The SQL the writer's DuckDB runs to turn staged JSON lines into a Parquet file with Iceberg field ids.

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const hasBytes = (t: IcebergType): boolean =>
  t.kind === 'binary' || t.kind === 'fixed' || (t.kind === 'struct' && t.fields.some((f) => hasBytes(f.type))) || (t.kind === 'list' && hasBytes(t.element)) || (t.kind === 'map' && (hasBytes(t.key) || hasBytes(t.value)));

/** The type DuckDB's JSON reader parses a column as: the column's own, with bytes read as their base64 text. */
function jsonType(t: IcebergType): string {
  switch (t.kind) {
    case 'binary':
    case 'fixed':
      return 'VARCHAR';
    case 'struct':
      return `STRUCT(${t.fields.map((f) => `${quoteIdent(f.name)} ${jsonType(f.type)}`).join(', ')})`;
    case 'list':
      return `${jsonType(t.element)}[]`;
    case 'map':
      return `MAP(${jsonType(t.key)}, ${jsonType(t.value)})`;
    default:
      return duckdbType(t);
  }
}

/** An expression that turns the JSON reader's value into the column's type (base64 text back into bytes, at any depth). */
function converted(t: IcebergType, expr: string, depth = 0): string {
  if (!hasBytes(t)) return expr;
  const v = `x${depth}`;
  switch (t.kind) {
    case 'binary':
    case 'fixed':
      return `from_base64(${expr})`;
    case 'struct':
      return `CASE WHEN ${expr} IS NULL THEN NULL ELSE struct_pack(${t.fields.map((f) => `${quoteIdent(f.name)} := ${converted(f.type, `${expr}.${quoteIdent(f.name)}`, depth + 1)}`).join(', ')}) END`;
    case 'list':
      return `list_transform(${expr}, ${v} -> ${converted(t.element, v, depth + 1)})`;
    case 'map':
      return `map_from_entries(list_transform(map_entries(${expr}), ${v} -> {'key': ${converted(t.key, `${v}.key`, depth + 1)}, 'value': ${converted(t.value, `${v}.value`, depth + 1)}}))`;
    default:
      return expr;
  }
}

/** The FIELD_IDS option of COPY: every column's Iceberg field id, nested ones included. */
function fieldIds(t: IcebergType, id: number): string {
  switch (t.kind) {
    case 'struct':
      return `{__duckdb_field_id: ${id}, ${t.fields.map((f) => `${sqlString(f.name)}: ${fieldIds(f.type, f.id)}`).join(', ')}}`;
    case 'list':
      return `{__duckdb_field_id: ${id}, element: ${fieldIds(t.element, t.elementId)}}`;
    case 'map':
      return `{__duckdb_field_id: ${id}, key: ${fieldIds(t.key, t.keyId)}, value: ${fieldIds(t.value, t.valueId)}}`;
    default:
      return String(id);
  }
}

export interface CopyOptions {
  rowGroupRows?: number;
  compression?: 'zstd' | 'snappy';
  /** Column names to sort the rows by (position delete files are sorted by file and position). */
  orderBy?: string[];
}

/** COPY of staged JSON lines (one row of `fields` per line) into a Parquet file with field ids. */
export function copyJsonToParquet(fields: NestedField[], staged: string, target: string, options: CopyOptions = {}): string {
  const columns = fields.map((f) => `${sqlString(f.name)}: ${sqlString(jsonType(f.type))}`).join(', ');
  const select = fields.map((f) => `${converted(f.type, quoteIdent(f.name))} AS ${quoteIdent(f.name)}`).join(', ');
  return copySelectToParquet(
    fields,
    `SELECT ${select} FROM read_json(${sqlString(staged)}, format = 'newline_delimited', columns = {${columns}}, maximum_object_size = 33554432)${options.orderBy ? ` ORDER BY ${options.orderBy.map(quoteIdent).join(', ')}` : ''}`,
    target,
    options,
  );
}

/** COPY of a query whose columns are `fields` (by name, in order) into a Parquet file with field ids. */
export function copySelectToParquet(fields: NestedField[], select: string, target: string, options: CopyOptions = {}): string {
  const ids = fields.map((f) => `${sqlString(f.name)}: ${fieldIds(f.type, f.id)}`).join(', ');
  return `COPY (${select}) TO ${sqlString(target)} (FORMAT parquet, FIELD_IDS {${ids}}, COMPRESSION ${options.compression ?? 'zstd'}, ROW_GROUP_SIZE ${options.rowGroupRows ?? 122_880})`;
}
