import { randomUUID } from 'node:crypto';
import { stringifyExactJson } from '../spec/exact-json';
import { fieldsToJson, maxFieldId } from '../spec/schema-json';
import { parseType, type NestedField } from '../spec/types';

export interface SchemaFieldInput {
  name: string;
  /** An Iceberg primitive type as written in metadata: long, string, decimal(10, 2), timestamptz… */
  type: string;
  required?: boolean;
}

/** A new table's schema (field ids assigned), partition fields (ids from 1000) and properties. */
export interface TableDefinition {
  fields: NestedField[];
  identifierFieldIds?: number[];
  partitionFields?: { sourceId: number; fieldId: number; name: string; transform: string }[];
  properties?: Record<string, string>;
}

/** A definition of top-level primitive columns, typed as metadata writes them; types are checked here. */
export function definitionOf(fields: SchemaFieldInput[]): TableDefinition {
  return { fields: fields.map((f, i) => ({ id: i + 1, name: f.name, required: Boolean(f.required), type: parseType(f.type) })) };
}

/** The metadata.json of a new, empty format v2 table. */
export function newTableMetadata(location: string, def: TableDefinition, now = Date.now()): string {
  const partitionFields = def.partitionFields ?? [];
  return stringifyExactJson(
    {
      'format-version': 2,
      'table-uuid': randomUUID(),
      location,
      'last-sequence-number': 0,
      'last-updated-ms': now,
      'last-column-id': maxFieldId(def.fields),
      'current-schema-id': 0,
      schemas: [{ type: 'struct', 'schema-id': 0, 'identifier-field-ids': def.identifierFieldIds ?? [], fields: fieldsToJson(def.fields) }],
      'default-spec-id': 0,
      'partition-specs': [{ 'spec-id': 0, fields: partitionFields.map((f) => ({ 'source-id': f.sourceId, 'field-id': f.fieldId, name: f.name, transform: f.transform })) }],
      'last-partition-id': Math.max(999, ...partitionFields.map((f) => f.fieldId)),
      'default-sort-order-id': 0,
      'sort-orders': [{ 'order-id': 0, fields: [] }],
      properties: { 'created-by': 'floe', ...def.properties },
      snapshots: [],
      'snapshot-log': [],
      'metadata-log': [],
      refs: {},
    },
    2,
  );
}

export function newMetadataFileName(version = 0): string {
  return `${String(version).padStart(5, '0')}-${randomUUID()}.metadata.json`;
}
