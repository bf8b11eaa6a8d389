import { FloeError } from '../../../shared/errors';
import type { ScanPlan } from '../lake/scan/planner';
import type { FileTask, LiveFile } from '../lake/scan/delete-index';
import type { Schema } from '../lake/spec/metadata';
import { duckdbType, hasStruct, quoteIdent, sqlString, type NestedField } from '../lake/spec/types';
import type { FileField } from '../lake/io/parquet-footer';
import { columnRead } from './nested-projection';

/** Reserved field ids of position delete files (spec "Position Delete Files"). */
const POS_FILE_PATH_ID = 2147483546;
const POS_POS_ID = 2147483545;

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

/** How the files of one read_parquet are read: the `schema=` map and the select list over its alias `d`. */
interface FileRead {
  schemaMap: string;
  columns: string;
}

/**
 * The read of one data file. Top-level columns are matched by id through `schema=`; a column holding a struct
 * is, when the file's field ids inside it (from its footer, `fields`) differ in name or place from the table's,
 * declared with the file's member names and projected into the table's shape (nested-projection.ts).
 */
function fileRead(schema: Schema, path: string, fields: FileField[] | undefined): FileRead {
  const columns = schema.fields.map((f) => {
    const ref = `d.${quoteIdent(f.name)}`;
    const field = fields && hasStruct(f.type) ? fields.find((x) => x.id === f.id) : undefined;
    const r = field ? columnRead(f, field, ref, { file: path, path: f.name }) : { readType: duckdbType(f.type), expr: ref, same: true };
    return { id: f.id, name: f.name, type: r.readType, select: r.same ? ref : `CAST(${r.expr} AS ${duckdbType(f.type)}) AS ${quoteIdent(f.name)}` };
  });
  return { schemaMap: schemaMap(columns), columns: columns.map((c) => c.select).join(', ') };
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
 * applicable deletes and are read alike (the same field names inside their structs) share one read_parquet;
 * position deletes are an anti-join on (file, row number), equality deletes an anti-join on the equality columns
 * (null equals null). `local` maps every Iceberg file path to a path DuckDB can read; `fileFields` gives a data
 * file's own schema when the table schema has structs (dataFileFields), or nothing when no file needs it.
 */
export function snapshotSelectSql(plan: ScanPlan, local: (icebergPath: string) => string, fileFields?: (icebergPath: string) => FileField[] | undefined): string {
  const { schema } = plan;
  if (plan.tasks.length === 0 || schema.fields.length === 0) return emptySelect(schema);
  const groups = new Map<string, { read: FileRead; tasks: FileTask[] }>();
  const plain = fileRead(schema, '', undefined);
  for (const t of plan.tasks) {
    const fields = fileFields?.(t.file.path);
    const read = fields ? fileRead(schema, t.file.path, fields) : plain;
    const key = `${signature(t)}\u0000${read.schemaMap}\u0000${read.columns}`;
    const g = groups.get(key);
    if (g) g.tasks.push(t);
    else groups.set(key, { read, tasks: [t] });
  }
  const parts = [...groups.values()].map(({ read, tasks }) => groupSql(schema, read, tasks, local));
  return parts.length === 1 ? (parts[0] ?? '') : parts.map((p) => `(${p})`).join('\nUNION ALL\n');
}

function groupSql(schema: Schema, read: FileRead, tasks: FileTask[], local: (p: string) => string): string {
  const first = tasks[0];
  const positionDeletes = first ? uniq(first.positionDeletes) : [];
  const equalityDeletes = first ? uniq(first.equalityDeletes) : [];
  const withRowIds = positionDeletes.length > 0;
  const files = fileList(tasks.map((t) => local(t.file.path)));
  const extra = withRowIds ? ", filename='__floe_file', file_row_number=true" : '';
  let sql = `SELECT ${read.columns} FROM read_parquet(${files}, schema=${read.schemaMap}${extra}) d`;

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
