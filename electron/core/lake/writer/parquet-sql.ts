import { duckdbType, quoteIdent, type IcebergType, type NestedField } from '../spec/types';

// The SQL the writer's DuckDB runs to turn staged rows into a Parquet file with Iceberg field ids.

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
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
}

/** CREATE TABLE for rows of `fields`, each column in the DuckDB type that holds its Iceberg type exactly. */
export function createTableSql(fields: NestedField[], table: string): string {
  return `CREATE TABLE ${quoteIdent(table)} (${fields.map((f) => `${quoteIdent(f.name)} ${duckdbType(f.type)}`).join(', ')})`;
}

/** COPY of a staged table's rows of `fields` (in the order appended) into a Parquet file with field ids. */
export function copyTableToParquet(fields: NestedField[], table: string, target: string, options: CopyOptions = {}): string {
  const select = fields.map((f) => quoteIdent(f.name)).join(', ');
  return copySelectToParquet(fields, `SELECT ${select} FROM ${quoteIdent(table)}`, target, options);
}

/** COPY of a query whose columns are `fields` (by name, in order) into a Parquet file with field ids. */
export function copySelectToParquet(fields: NestedField[], select: string, target: string, options: CopyOptions = {}): string {
  const ids = fields.map((f) => `${sqlString(f.name)}: ${fieldIds(f.type, f.id)}`).join(', ');
  return `COPY (${select}) TO ${sqlString(target)} (FORMAT parquet, FIELD_IDS {${ids}}, COMPRESSION ${options.compression ?? 'zstd'}, ROW_GROUP_SIZE ${options.rowGroupRows ?? 122_880})`;
}
