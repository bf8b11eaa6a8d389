import { FloeError } from '../../../shared/errors';
import type { ScanPlan } from '../lake/scan/planner';
import type { FileTask, LiveFile } from '../lake/scan/delete-index';
import type { Schema } from '../lake/spec/metadata';
import { duckdbType, quoteIdent, type NestedField } from '../lake/spec/types';

/** Reserved field ids of position delete files (spec "Position Delete Files"). */
const POS_FILE_PATH_ID = 2147483546;
const POS_POS_ID = 2147483545;

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function fileList(paths: string[]): string {
  return `[${paths.map(sqlString).join(', ')}]`;
}

/**
 * `schema=map{id: {name, type, default_value}}`: columns are matched by Parquet field id, so renames, drops and
 * type promotions are honoured; a column a file lacks (added later) reads as NULL. (Column defaults are a v3
 * feature, and DuckDB needs one struct type for every map value, so the default is always NULL.)
 */
function schemaMap(fields: { id: number; name: string; type: string }[]): string {
  return `map{${fields.map((f) => `${f.id}: {name: ${sqlString(f.name)}, type: ${sqlString(f.type)}, default_value: NULL}`).join(', ')}}`;
}

function readSchema(schema: Schema): string {
  return schemaMap(schema.fields.map((f) => ({ id: f.id, name: f.name, type: duckdbType(f.type) })));
}

function columnList(schema: Schema, alias: string): string {
  return schema.fields.map((f) => `${alias}.${quoteIdent(f.name)}`).join(', ');
}

/** The SQL of an empty result with the schema's columns. */
function emptySelect(schema: Schema): string {
  if (schema.fields.length === 0) return 'SELECT 1 WHERE false';
  return `SELECT ${schema.fields.map((f) => `NULL::${duckdbType(f.type)} AS ${quoteIdent(f.name)}`).join(', ')} WHERE false`;
}

function signature(t: FileTask): string {
  return [...t.positionDeletes.map((d) => `p${d.file.path}`), ...t.equalityDeletes.map((d) => `e${d.file.path}`)].sort().join('\u0000');
}

function uniq(files: LiveFile[]): LiveFile[] {
  const seen = new Map<string, LiveFile>();
  for (const f of files) seen.set(f.file.path, f);
  return [...seen.values()];
}

/**
 * One SELECT over a snapshot's files with its deletes applied. Data files that share the same set of
 * applicable deletes are read by one read_parquet; position deletes are an anti-join on (file, row
 * number), equality deletes an anti-join on the equality columns (null equals null).
 * `local` maps every Iceberg file path to a path DuckDB can read.
 */
export function snapshotSelectSql(plan: ScanPlan, local: (icebergPath: string) => string): string {
  const { schema } = plan;
  if (plan.tasks.length === 0 || schema.fields.length === 0) return emptySelect(schema);
  const groups = new Map<string, FileTask[]>();
  for (const t of plan.tasks) {
    const key = signature(t);
    const g = groups.get(key);
    if (g) g.push(t);
    else groups.set(key, [t]);
  }
  const parts = [...groups.values()].map((tasks) => groupSql(schema, tasks, local));
  return parts.length === 1 ? (parts[0] ?? '') : parts.map((p) => `(${p})`).join('\nUNION ALL\n');
}

function groupSql(schema: Schema, tasks: FileTask[], local: (p: string) => string): string {
  const first = tasks[0];
  const positionDeletes = first ? uniq(first.positionDeletes) : [];
  const equalityDeletes = first ? uniq(first.equalityDeletes) : [];
  const withRowIds = positionDeletes.length > 0;
  const files = fileList(tasks.map((t) => local(t.file.path)));
  const extra = withRowIds ? ", filename='__floe_file', file_row_number=true" : '';
  let sql = `SELECT ${columnList(schema, 'd')} FROM read_parquet(${files}, schema=${readSchema(schema)}${extra}) d`;

  if (withRowIds) {
    const mapping = tasks.map((t) => `(${sqlString(t.file.path)}, ${sqlString(local(t.file.path))})`).join(', ');
    const posSchema = schemaMap([
      { id: POS_FILE_PATH_ID, name: 'file_path', type: 'VARCHAR' },
      { id: POS_POS_ID, name: 'pos', type: 'BIGINT' },
    ]);
    sql +=
      `\n  ANTI JOIN (SELECT m.local_path, p.pos FROM read_parquet(${fileList(positionDeletes.map((d) => local(d.file.path)))}, schema=${posSchema}) p` +
      ` JOIN (VALUES ${mapping}) m(file_path, local_path) ON p.file_path = m.file_path) pd` +
      ` ON pd.local_path = d.__floe_file AND pd.pos = d.file_row_number`;
  }

  const byIds = new Map<string, LiveFile[]>();
  for (const d of equalityDeletes) {
    const key = (d.file.equalityIds ?? []).join(',');
    const list = byIds.get(key);
    if (list) list.push(d);
    else byIds.set(key, [d]);
  }
  let n = 0;
  for (const [key, dels] of byIds) {
    const ids = key.split(',').filter(Boolean).map(Number);
    const fields = ids.map((id) => {
      const f = schema.fields.find((x) => x.id === id);
      return { id, field: f };
    });
    const usable = fields.filter((x): x is { id: number; field: NestedField } => x.field !== undefined);
    // Comparing on fewer columns than the delete names would delete too much: refuse rather than give wrong rows.
    if (usable.length !== ids.length || usable.length === 0)
      throw new FloeError('UNSUPPORTED', `Equality delete file ${dels[0]?.file.path} keys on field ids [${key}], not all of which are columns of the schema being read`);
    const alias = `e${n++}`;
    const eqSchema = schemaMap(
      usable.map(({ id, field }) => ({ id, name: `k${id}`, type: duckdbType(field.type) })),
    );
    const on = usable.map(({ id, field }) => `d.${quoteIdent(field.name)} IS NOT DISTINCT FROM ${alias}.k${id}`).join(' AND ');
    sql += `\n  ANTI JOIN (SELECT DISTINCT * FROM read_parquet(${fileList(dels.map((d) => local(d.file.path)))}, schema=${eqSchema})) ${alias} ON ${on}`;
  }
  return sql;
}
