import type { IcebergType, NestedField, PrimitiveType } from '../../lake/spec/types';
import { typeToString } from '../../lake/spec/types';

// Matches a mapped schema (ids unassigned) to a table's schema by name at every depth: fields that exist keep their
// ids, new ones get ids past the table's last column id. What changed is listed, and whether Iceberg allows it
// (spec "Schema Evolution": add optional columns, widen int→long, float→double, decimal precision, required→optional).

export interface SchemaChange {
  path: string;
  kind: 'add' | 'widen' | 'make-optional' | 'incompatible';
  detail: string;
}

export interface AlignedSchema {
  fields: NestedField[];
  lastColumnId: number;
  changes: SchemaChange[];
}

function widens(from: PrimitiveType, to: PrimitiveType): boolean {
  if (from.kind === 'int' && to.kind === 'long') return true;
  if (from.kind === 'float' && to.kind === 'double') return true;
  if (from.kind === 'decimal' && to.kind === 'decimal') return from.scale === to.scale && to.precision > from.precision;
  return false;
}

const sameType = (a: IcebergType, b: IcebergType) => typeToString(a) === typeToString(b);

class Aligner {
  readonly changes: SchemaChange[] = [];
  constructor(public lastId: number) {}

  private next(): number {
    return ++this.lastId;
  }

  /** Fresh ids for a whole new type: a struct's fields first, then what they hold (as Iceberg assigns them). */
  fresh(t: IcebergType): IcebergType {
    switch (t.kind) {
      case 'struct': {
        const ids = t.fields.map(() => this.next());
        return { kind: 'struct', fields: t.fields.map((f, i) => ({ ...f, id: ids[i]!, type: this.fresh(f.type) })) };
      }
      case 'list': {
        const elementId = this.next();
        return { ...t, elementId, element: this.fresh(t.element) };
      }
      case 'map': {
        const keyId = this.next();
        const valueId = this.next();
        return { ...t, keyId, valueId, key: this.fresh(t.key), value: this.fresh(t.value) };
      }
      default:
        return t;
    }
  }

  freshFields(fields: NestedField[]): NestedField[] {
    return (this.fresh({ kind: 'struct', fields }) as { fields: NestedField[] }).fields;
  }

  type(mapped: IcebergType, table: IcebergType, path: string): IcebergType {
    if (mapped.kind === 'struct' && table.kind === 'struct') return { kind: 'struct', fields: this.fields(mapped.fields, table.fields, path) };
    if (mapped.kind === 'list' && table.kind === 'list') {
      if (table.elementRequired && !mapped.elementRequired) this.changes.push({ path: `${path}[]`, kind: 'make-optional', detail: 'elements may now be null' });
      return { ...table, elementRequired: table.elementRequired && mapped.elementRequired, element: this.type(mapped.element, table.element, `${path}[]`) };
    }
    if (mapped.kind === 'map' && table.kind === 'map') {
      if (table.valueRequired && !mapped.valueRequired) this.changes.push({ path: `${path}{}`, kind: 'make-optional', detail: 'values may now be null' });
      return { ...table, valueRequired: table.valueRequired && mapped.valueRequired, key: this.type(mapped.key, table.key, `${path} key`), value: this.type(mapped.value, table.value, `${path}{}`) };
    }
    if (sameType(mapped, table)) return table;
    const nested = (t: IcebergType) => t.kind === 'struct' || t.kind === 'list' || t.kind === 'map';
    if (!nested(mapped) && !nested(table) && widens(table as PrimitiveType, mapped as PrimitiveType)) {
      this.changes.push({ path, kind: 'widen', detail: `${typeToString(table)} → ${typeToString(mapped)}` });
      return mapped;
    }
    // A narrower type (long arriving for an int column was widened already) still writes into the wider column.
    if (!nested(mapped) && !nested(table) && widens(mapped as PrimitiveType, table as PrimitiveType)) return table;
    this.changes.push({ path, kind: 'incompatible', detail: `the table has ${typeToString(table)}, the schema now says ${typeToString(mapped)}` });
    return table;
  }

  fields(mapped: NestedField[], table: NestedField[], prefix: string): NestedField[] {
    const out = table.map((t) => {
      const m = mapped.find((x) => x.name === t.name);
      const path = prefix ? `${prefix}.${t.name}` : t.name;
      if (!m) {
        // A column the new schema no longer has stays in the table; its rows get nulls (it must allow them).
        if (t.required) this.changes.push({ path, kind: 'make-optional', detail: 'no longer in the schema: becomes optional' });
        return t.required ? { ...t, required: false } : t;
      }
      if (t.required && !m.required) this.changes.push({ path, kind: 'make-optional', detail: 'may now be null' });
      return { ...t, required: t.required && m.required, type: this.type(m.type, t.type, path) };
    });
    for (const m of mapped) {
      if (table.some((t) => t.name === m.name)) continue;
      const path = prefix ? `${prefix}.${m.name}` : m.name;
      this.changes.push({ path, kind: 'add', detail: `new optional column ${typeToString(m.type)}` });
      // Rows written before it have no value: a new column is optional whatever the schema says.
      out.push({ ...m, id: this.next(), required: false, type: this.fresh(m.type) });
    }
    return out;
  }
}

/** Ids for a new table's schema, assigned from 1 as Iceberg assigns fresh ids. */
export function freshSchema(fields: NestedField[]): { fields: NestedField[]; lastColumnId: number } {
  const a = new Aligner(0);
  const assigned = a.freshFields(fields);
  return { fields: assigned, lastColumnId: a.lastId };
}

/** Aligns a mapped schema to a table's current schema (see the file comment). */
export function alignToTable(mapped: NestedField[], table: NestedField[], lastColumnId: number): AlignedSchema {
  const a = new Aligner(lastColumnId);
  const fields = a.fields(mapped, table, '');
  return { fields, lastColumnId: a.lastId, changes: a.changes };
}
