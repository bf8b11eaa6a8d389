import { randomUUID } from 'node:crypto';
import { stringifyExactJson } from '../spec/exact-json';
import { parseType } from '../spec/types';

export interface SchemaFieldInput {
  name: string;
  /** An Iceberg primitive type as written in metadata: long, string, decimal(10, 2), timestamptz… */
  type: string;
  required?: boolean;
}

/** The metadata.json of a new, empty, unpartitioned format v2 table. Types are checked before anything is written. */
export function newTableMetadata(location: string, fields: SchemaFieldInput[], now = Date.now()): string {
  const schemaFields = fields.map((f, i) => {
    parseType(f.type);
    return { id: i + 1, name: f.name, required: Boolean(f.required), type: f.type };
  });
  return stringifyExactJson(
    {
      'format-version': 2,
      'table-uuid': randomUUID(),
      location,
      'last-sequence-number': 0,
      'last-updated-ms': now,
      'last-column-id': schemaFields.length,
      'current-schema-id': 0,
      schemas: [{ type: 'struct', 'schema-id': 0, 'identifier-field-ids': [], fields: schemaFields }],
      'default-spec-id': 0,
      'partition-specs': [{ 'spec-id': 0, fields: [] }],
      'last-partition-id': 999,
      'default-sort-order-id': 0,
      'sort-orders': [{ 'order-id': 0, fields: [] }],
      properties: { 'created-by': 'floe' },
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
