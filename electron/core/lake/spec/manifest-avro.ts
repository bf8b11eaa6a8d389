import type avro from 'avsc';
import { FloeError } from '../../../../shared/errors';
import { resultType, parseTransform } from '../expr/transforms';
import type { PartitionSpec, Schema } from './metadata';
import type { IcebergType, NestedField, PrimitiveType } from './types';

// The Avro schemas of format v2 manifests and manifest lists (spec "Manifests", "Manifest Lists"),
// with the field ids readers match by. Maps with int keys are arrays of key/value records (logicalType map).

type Field = { name: string; type: avro.Schema; 'field-id': number; default?: null; doc?: string };

const opt = (name: string, type: avro.Schema, id: number): Field => ({ name, type: ['null', type] as avro.Schema, 'field-id': id, default: null });
const req = (name: string, type: avro.Schema, id: number): Field => ({ name, type, 'field-id': id });

function intMap(field: string, id: number, keyId: number, valueId: number, value: avro.Schema): Field {
  return opt(
    field,
    {
      type: 'array',
      logicalType: 'map',
      items: { type: 'record', name: `k${keyId}_v${valueId}`, fields: [req('key', 'int', keyId), req('value', value, valueId)] },
    } as avro.Schema,
    id,
  );
}

/** The fewest bytes a two's complement decimal of this precision needs (spec: decimal as fixed). */
export function decimalBytes(precision: number): number {
  let n = 1;
  while (10 ** precision > 2 ** (8 * n - 1)) n++;
  return n;
}

/** The Avro type of an Iceberg primitive (spec Appendix A). */
export function avroPrimitive(t: PrimitiveType, name: string): avro.Schema {
  switch (t.kind) {
    case 'boolean':
    case 'int':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
      return t.kind;
    case 'binary':
      return 'bytes';
    case 'date':
      return { type: 'int', logicalType: 'date' } as avro.Schema;
    case 'time':
      return { type: 'long', logicalType: 'time-micros' } as avro.Schema;
    case 'timestamp':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': false } as avro.Schema;
    case 'timestamptz':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': true } as avro.Schema;
    case 'uuid':
      return { type: 'fixed', name, size: 16, logicalType: 'uuid' } as avro.Schema;
    case 'fixed':
      return { type: 'fixed', name, size: t.length };
    case 'decimal':
      return { type: 'fixed', name, size: decimalBytes(t.precision), logicalType: 'decimal', precision: t.precision, scale: t.scale } as avro.Schema;
  }
}

/** Every field of a schema by id, at any depth. */
export function fieldsById(fields: NestedField[], out = new Map<number, NestedField>()): Map<number, NestedField> {
  const visit = (t: IcebergType) => {
    if (t.kind === 'struct') fieldsById(t.fields, out);
    else if (t.kind === 'list') visit(t.element);
    else if (t.kind === 'map') {
      visit(t.key);
      visit(t.value);
    }
  };
  for (const f of fields) {
    out.set(f.id, f);
    visit(f.type);
  }
  return out;
}

export interface PartitionColumn {
  name: string;
  fieldId: number;
  sourceId: number;
  transform: ReturnType<typeof parseTransform> & object;
  sourceType: PrimitiveType;
  type: PrimitiveType;
}

/** A spec's partition fields with their source and result types. */
export function partitionColumns(spec: PartitionSpec, schema: Schema): PartitionColumn[] {
  const byId = fieldsById(schema.fields);
  return spec.fields.map((f) => {
    const transform = parseTransform(f.transform);
    if (!transform) throw new FloeError('UNSUPPORTED', `Partition field ${f.name} uses transform "${f.transform}", which Floe cannot write`);
    const source = byId.get(f.sourceId);
    if (!source) throw new FloeError('STORE_CORRUPT', `Partition field ${f.name} names source field ${f.sourceId}, which is not in the schema`);
    if (source.type.kind === 'struct' || source.type.kind === 'list' || source.type.kind === 'map')
      throw new FloeError('UNSUPPORTED', `Partition field ${f.name} has a ${source.type.kind} source`);
    const sourceType = source.type;
    const type: PrimitiveType = transform.kind === 'day' ? { kind: 'date' } : resultType(transform, sourceType);
    return { name: f.name, fieldId: f.fieldId, sourceId: f.sourceId, transform, sourceType, type };
  });
}

export function manifestEntrySchema(partition: PartitionColumn[]): avro.Schema {
  const partitionType: avro.Schema = {
    type: 'record',
    name: 'r102',
    fields: partition.map((c) => opt(c.name, avroPrimitive(c.type, `p${c.fieldId}`), c.fieldId)),
  };
  const dataFile: avro.Schema = {
    type: 'record',
    name: 'r2',
    fields: [
      req('content', 'int', 134),
      req('file_path', 'string', 100),
      req('file_format', 'string', 101),
      req('partition', partitionType, 102),
      req('record_count', 'long', 103),
      req('file_size_in_bytes', 'long', 104),
      intMap('column_sizes', 108, 117, 118, 'long'),
      intMap('value_counts', 109, 119, 120, 'long'),
      intMap('null_value_counts', 110, 121, 122, 'long'),
      intMap('nan_value_counts', 137, 138, 139, 'long'),
      intMap('lower_bounds', 125, 126, 127, 'bytes'),
      intMap('upper_bounds', 128, 129, 130, 'bytes'),
      opt('key_metadata', 'bytes', 131),
      opt('split_offsets', { type: 'array', items: 'long', 'element-id': 133 } as avro.Schema, 132),
      opt('equality_ids', { type: 'array', items: 'int', 'element-id': 136 } as avro.Schema, 135),
      opt('sort_order_id', 'int', 140),
    ],
  };
  return {
    type: 'record',
    name: 'manifest_entry',
    fields: [req('status', 'int', 0), opt('snapshot_id', 'long', 1), opt('sequence_number', 'long', 3), opt('file_sequence_number', 'long', 4), req('data_file', dataFile, 2)],
  };
}

export const MANIFEST_LIST_SCHEMA: avro.Schema = {
  type: 'record',
  name: 'manifest_file',
  fields: [
    req('manifest_path', 'string', 500),
    req('manifest_length', 'long', 501),
    req('partition_spec_id', 'int', 502),
    req('content', 'int', 517),
    req('sequence_number', 'long', 515),
    req('min_sequence_number', 'long', 516),
    req('added_snapshot_id', 'long', 503),
    req('added_files_count', 'int', 504),
    req('existing_files_count', 'int', 505),
    req('deleted_files_count', 'int', 506),
    req('added_rows_count', 'long', 512),
    req('existing_rows_count', 'long', 513),
    req('deleted_rows_count', 'long', 514),
    opt(
      'partitions',
      {
        type: 'array',
        'element-id': 508,
        items: {
          type: 'record',
          name: 'r508',
          fields: [req('contains_null', 'boolean', 509), opt('contains_nan', 'boolean', 518), opt('lower_bound', 'bytes', 510), opt('upper_bound', 'bytes', 511)],
        },
      } as avro.Schema,
      507,
    ),
    opt('key_metadata', 'bytes', 519),
  ],
};
