import { FloeError } from '../../../shared/errors';
import type { FileField, FileType } from '../lake/io/parquet-footer';
import { duckdbType, quoteIdent, sqlString, typeToString, type IcebergType, type NestedField } from '../lake/spec/types';

/**
 * How one nested column of one data file becomes the table's value, matching fields by id at every depth
 * (read_parquet's `schema=` matches only top-level columns by id; inside a struct DuckDB matches by name).
 * `readType` is what `schema=` declares for the column: the file's own member names, the table's leaf types
 * (so DuckDB's by-name struct cast finds every member and promotes int→long, float→double inside). `expr` turns
 * the value read into the table's shape: members renamed, reordered, added (null) and dropped. `same` when the
 * file already has the table's shape, so the column is read as it is.
 */
export interface ColumnRead {
  readType: string;
  expr: string;
  same: boolean;
}

/**
 * A type that reads any file field without loss of validity, for a struct none of whose members the table still
 * has: declaring one member keeps the struct's own nulls. Bytes stay BLOB (not every byte string is text).
 */
function validityType(t: FileType): string {
  switch (t.kind) {
    case 'primitive':
      return t.binary ? 'BLOB' : 'VARCHAR';
    case 'struct': {
      const first = t.fields[0];
      return first ? `STRUCT(${quoteIdent(first.name)} ${validityType(first.type)})` : 'VARCHAR';
    }
    case 'list':
      return `${validityType(t.element.type)}[]`;
    case 'map':
      return `MAP(${validityType(t.key.type)}, ${validityType(t.value.type)})`;
  }
}

interface Where {
  file: string;
  path: string;
}

function mismatch(where: Where, table: IcebergType, file: FileType): FloeError {
  return new FloeError('STORE_CORRUPT', `Data file ${where.file}: field ${where.path} is a ${file.kind} in the file but ${typeToString(table)} in the table schema`);
}

/** List elements and map keys and values keep their ids for life; a file that disagrees is not this table's. */
function checkId(where: Where, role: string, file: FileField, id: number): void {
  if (file.id !== undefined && file.id !== id)
    throw new FloeError('STORE_CORRUPT', `Data file ${where.file}: the ${role} of ${where.path} has field id ${file.id}, the table schema says ${id}`);
}

/** `nullable`: whether the value may be null (a required struct needs no null check around its new shape). */
function read(type: IcebergType, nullable: boolean, file: FileField, ref: string, where: Where, depth: number): ColumnRead {
  const ft = file.type;
  switch (type.kind) {
    case 'struct': {
      if (ft.kind !== 'struct') throw mismatch(where, type, ft);
      const parts = type.fields.map((f) => {
        const match = ft.fields.find((x) => x.id === f.id);
        const sub = match && read(f.type, !f.required, match, `struct_extract(${ref}, ${sqlString(match.name)})`, { ...where, path: `${where.path}.${f.name}` }, depth + 1);
        return { f, match, sub };
      });
      const members = parts.flatMap(({ match, sub }) => (match && sub ? [`${quoteIdent(match.name)} ${sub.readType}`] : []));
      if (members.length === 0 && ft.fields[0]) members.push(`${quoteIdent(ft.fields[0].name)} ${validityType(ft.fields[0].type)}`);
      const readType = `STRUCT(${members.join(', ')})`;
      if (parts.every(({ f, match, sub }) => match?.name === f.name && sub?.same)) return { readType, expr: ref, same: true };
      const packed = `struct_pack(${parts.map(({ f, sub }) => `${quoteIdent(f.name)} := ${sub ? sub.expr : `NULL::${duckdbType(f.type)}`}`).join(', ')})`;
      return { readType, expr: nullable ? `CASE WHEN ${ref} IS NULL THEN NULL ELSE ${packed} END` : packed, same: false };
    }
    case 'list': {
      if (ft.kind !== 'list') throw mismatch(where, type, ft);
      checkId(where, 'element', ft.element, type.elementId);
      const x = `x${depth}`;
      const sub = read(type.element, !type.elementRequired, ft.element, x, { ...where, path: `${where.path}.element` }, depth + 1);
      return { readType: `${sub.readType}[]`, expr: sub.same ? ref : `list_transform(${ref}, lambda ${x}: ${sub.expr})`, same: sub.same };
    }
    case 'map': {
      if (ft.kind !== 'map') throw mismatch(where, type, ft);
      checkId(where, 'key', ft.key, type.keyId);
      checkId(where, 'value', ft.value, type.valueId);
      const e = `e${depth}`;
      const key = read(type.key, false, ft.key, `struct_extract(${e}, 'key')`, { ...where, path: `${where.path}.key` }, depth + 1);
      const value = read(type.value, !type.valueRequired, ft.value, `struct_extract(${e}, 'value')`, { ...where, path: `${where.path}.value` }, depth + 1);
      const readType = `MAP(${key.readType}, ${value.readType})`;
      if (key.same && value.same) return { readType, expr: ref, same: true };
      return { readType, expr: `map_from_entries(list_transform(map_entries(${ref}), lambda ${e}: struct_pack(key := ${key.expr}, value := ${value.expr})))`, same: false };
    }
    default:
      if (ft.kind !== 'primitive') throw mismatch(where, type, ft);
      return { readType: duckdbType(type), expr: ref, same: true };
  }
}

/** The read of the top-level column `ref` (already matched by id) of a data file, whose own field is `field`. */
export function columnRead(column: NestedField, field: FileField, ref: string, where: Where): ColumnRead {
  return read(column.type, !column.required, field, ref, where, 0);
}
