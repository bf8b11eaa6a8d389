import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FloeError } from '../../../shared/errors';
import { columnRead } from '../../../electron/core/engine/nested-projection';
import { snapshotSelectSql } from '../../../electron/core/engine/view-sql';
import { readParquetFields, type FileField } from '../../../electron/core/lake/io/parquet-footer';
import type { ScanPlan } from '../../../electron/core/lake/scan/planner';
import type { Schema } from '../../../electron/core/lake/spec/metadata';
import type { IcebergType, NestedField } from '../../../electron/core/lake/spec/types';

const dir = mkdtempSync(join(tmpdir(), 'floe-nested-'));
const OLD = join(dir, 'old.parquet');
const NEW = join(dir, 'new.parquet');
let conn: DuckDBConnection;

const opt = (id: number, name: string, type: IcebergType): NestedField => ({ id, name, required: false, type });
const int = { kind: 'int' } as const;
const long = { kind: 'long' } as const;
const str = { kind: 'string' } as const;

// The table after evolution. The old file was written before it: s was struct<a int (3), b string (4), c float (5)>,
// l's elements struct<p int (8), q string (9)>, m's values struct<v int (13), w string (14)>, tags list<int>, and
// t.deep struct<gone int (33)>.
const schema: Schema = {
  schemaId: 5,
  identifierFieldIds: [],
  fields: [
    opt(1, 'id', long),
    // c moved first and promoted float→double, renamed gamma; a renamed alpha, int→long; b (4) dropped and another
    // b (20) added; fresh (21) added.
    opt(2, 's', { kind: 'struct', fields: [opt(5, 'gamma', { kind: 'double' }), opt(3, 'alpha', long), opt(20, 'b', str), opt(21, 'fresh', str)] }),
    opt(6, 'l', { kind: 'list', elementId: 7, elementRequired: false, element: { kind: 'struct', fields: [opt(9, 'q', str), opt(8, 'pp', long)] } }),
    opt(10, 'm', { kind: 'map', keyId: 11, key: str, valueId: 12, valueRequired: false, value: { kind: 'struct', fields: [opt(13, 'vv', int), opt(22, 'x', int)] } }),
    opt(15, 'tags', { kind: 'list', elementId: 16, elementRequired: false, element: long }),
    opt(30, 't', { kind: 'struct', fields: [opt(31, 'deep', { kind: 'struct', fields: [opt(32, 'sole', str)] })] }),
  ],
};

const OLD_IDS =
  `FIELD_IDS {id: 1, s: {__duckdb_field_id: 2, a: 3, b: 4, c: 5}, l: {__duckdb_field_id: 6, element: {__duckdb_field_id: 7, p: 8, q: 9}},` +
  ` m: {__duckdb_field_id: 10, key: 11, value: {__duckdb_field_id: 12, v: 13, w: 14}}, tags: {__duckdb_field_id: 15, element: 16},` +
  ` t: {__duckdb_field_id: 30, deep: {__duckdb_field_id: 31, gone: 33}}}`;
const NEW_IDS =
  `FIELD_IDS {id: 1, s: {__duckdb_field_id: 2, gamma: 5, alpha: 3, b: 20, fresh: 21}, l: {__duckdb_field_id: 6, element: {__duckdb_field_id: 7, q: 9, pp: 8}},` +
  ` m: {__duckdb_field_id: 10, key: 11, value: {__duckdb_field_id: 12, vv: 13, x: 22}}, tags: {__duckdb_field_id: 15, element: 16},` +
  ` t: {__duckdb_field_id: 30, deep: {__duckdb_field_id: 31, sole: 32}}}`;

beforeAll(async () => {
  const db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await conn.run(
    `COPY (SELECT * FROM (VALUES` +
      ` (1::BIGINT, {'a': 10::INT, 'b': 'old b', 'c': 0.5::FLOAT}, [{'p': 1::INT, 'q': 'x'}, NULL], MAP{'k': {'v': 7::INT, 'w': 'w'}}, [1::INT, NULL], {'deep': {'gone': 1::INT}}),` +
      ` (2, NULL, NULL, NULL, NULL, {'deep': NULL}),` +
      ` (3, {'a': NULL, 'b': NULL, 'c': NULL}, [], MAP{'k': NULL}, [], NULL)) v(id, s, l, m, tags, t))` +
      ` TO '${OLD}' (FORMAT parquet, ${OLD_IDS})`,
  );
  await conn.run(
    `COPY (SELECT 4::BIGINT AS id, {'gamma': 2.5::DOUBLE, 'alpha': 1099511627776::BIGINT, 'b': 'new b', 'fresh': 'f'} AS s, [{'q': 'y', 'pp': 5::BIGINT}] AS l,` +
      ` MAP{'z': {'vv': 1::INT, 'x': 2::INT}} AS m, [3::BIGINT] AS tags, {'deep': {'sole': 'o'}} AS t) TO '${NEW}' (FORMAT parquet, ${NEW_IDS})`,
  );
});
afterAll(() => conn?.closeSync());

function planOf(paths: string[]): ScanPlan {
  const tasks = paths.map((path) => ({
    sequenceNumber: 1n,
    file: { content: 'data' as const, path, format: 'PARQUET', specId: 0, partition: {}, recordCount: 1, sizeBytes: 1, equalityIds: null, referencedDataFile: null },
    positionDeletes: [],
    equalityDeletes: [],
  }));
  return { snapshot: null, schema, tasks, deleteFiles: [], filesScanned: tasks.length, filesTotal: tasks.length, manifestsScanned: 1, manifestsTotal: 1 };
}

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(`SELECT * FROM (${sql}) ORDER BY id`)).getRowObjectsJson() as Record<string, unknown>[];
}

describe('nested fields matched by id in each data file', () => {
  it('renames, moves, promotes, adds and drops fields inside structs, list elements and map values', async () => {
    const fields = new Map<string, FileField[]>([[OLD, await readParquetFields(OLD)]]);
    const sql = snapshotSelectSql(planOf([OLD]), (p) => p, (p) => fields.get(p));
    const out = await rows(sql);
    expect(out[0]).toEqual({
      id: '1',
      // the old b (id 4) does not show through the new b (id 20)
      s: { gamma: 0.5, alpha: '10', b: null, fresh: null },
      l: [{ q: 'x', pp: '1' }, null],
      m: [{ key: 'k', value: { vv: 7, x: null } }],
      tags: ['1', null],
      // none of deep's members is still in the table: the struct stays (non-null), its fields null
      t: { deep: { sole: null } },
    });
    // nulls stay nulls at every depth; a struct whose fields are all null is not a null struct
    expect(out[1]).toEqual({ id: '2', s: null, l: null, m: null, tags: null, t: { deep: null } });
    expect(out[2]).toEqual({ id: '3', s: { gamma: null, alpha: null, b: null, fresh: null }, l: [], m: [{ key: 'k', value: null }], tags: [], t: null });
  });

  it('files already in the table shape are read as they are, in a read_parquet of their own', async () => {
    const fields = new Map<string, FileField[]>([
      [OLD, await readParquetFields(OLD)],
      [NEW, await readParquetFields(NEW)],
    ]);
    const sql = snapshotSelectSql(planOf([OLD, NEW]), (p) => p, (p) => fields.get(p));
    expect(sql.match(/read_parquet\(/g)).toHaveLength(2);
    expect(sql).toMatch(/\(SELECT d\."id", d\."s", d\."l", d\."m", d\."tags", d\."t" FROM read_parquet\(\['[^']*new\.parquet'\]/);
    const out = await rows(sql);
    expect(out.map((r) => r.id)).toEqual(['1', '2', '3', '4']);
    expect(out[3]).toEqual({ id: '4', s: { gamma: 2.5, alpha: '1099511627776', b: 'new b', fresh: 'f' }, l: [{ q: 'y', pp: '5' }], m: [{ key: 'z', value: { vv: 1, x: 2 } }], tags: ['3'], t: { deep: { sole: 'o' } } });
    const types = (await conn.runAndReadAll(`DESCRIBE (${sql})`)).getRowObjectsJson().map((r) => `${String(r.column_name)} ${String(r.column_type)}`);
    expect(types).toContain('s STRUCT(gamma DOUBLE, alpha BIGINT, b VARCHAR, fresh VARCHAR)');
  });

  it('a table without structs reads no footer and keeps one read_parquet', () => {
    const flat: Schema = { schemaId: 0, identifierFieldIds: [], fields: [opt(1, 'id', long), opt(15, 'tags', { kind: 'list', elementId: 16, elementRequired: false, element: long })] };
    const sql = snapshotSelectSql({ ...planOf([OLD, NEW]), schema: flat }, (p) => p);
    expect(sql).toBe(`SELECT d."id", d."tags" FROM read_parquet(['${OLD}', '${NEW}'], schema=map{1: {name: 'id', type: 'BIGINT', default_value: NULL}, 15: {name: 'tags', type: 'BIGINT[]', default_value: NULL}}) d`);
  });

  it('repacks an optional struct only where it is not null, a required one without the check', () => {
    const type: IcebergType = { kind: 'struct', fields: [opt(3, 'alpha', int)] };
    const file: FileField = { name: 's', id: 2, type: { kind: 'struct', fields: [{ name: 'a', id: 3, type: { kind: 'primitive', binary: false } }] } };
    const where = { file: 'f', path: 's' };
    expect(columnRead(opt(2, 's', type), file, 'd."s"', where)).toEqual({
      readType: 'STRUCT("a" INTEGER)',
      expr: `CASE WHEN d."s" IS NULL THEN NULL ELSE struct_pack("alpha" := struct_extract(d."s", 'a')) END`,
      same: false,
    });
    expect(columnRead({ ...opt(2, 's', type), required: true }, file, 'd."s"', where).expr).toBe(`struct_pack("alpha" := struct_extract(d."s", 'a'))`);
  });

  it('a file whose field has another kind, or whose list element has another id, is refused by name', () => {
    const where = { file: 's3://b/t/data/x.parquet', path: 's' };
    const struct: IcebergType = { kind: 'struct', fields: [opt(3, 'a', int)] };
    const primitive: FileField = { name: 's', id: 2, type: { kind: 'primitive', binary: false } };
    expect(() => columnRead(opt(2, 's', struct), primitive, 'd."s"', where)).toThrow(FloeError);
    expect(() => columnRead(opt(2, 's', struct), primitive, 'd."s"', where)).toThrow('Data file s3://b/t/data/x.parquet: field s is a primitive in the file but struct<a: int> in the table schema');
    const list: IcebergType = { kind: 'list', elementId: 7, elementRequired: false, element: struct };
    const wrongElement: FileField = { name: 'l', id: 6, type: { kind: 'list', element: { name: 'element', id: 99, type: { kind: 'struct', fields: [] } } } };
    expect(() => columnRead(opt(6, 'l', list), wrongElement, 'd."l"', where)).toThrow('Data file s3://b/t/data/x.parquet: the element of s has field id 99, the table schema says 7');
  });
});
