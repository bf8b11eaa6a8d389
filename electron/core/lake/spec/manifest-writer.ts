import type { Value } from '../expr/expr';
import { encodeSingleValue, minimalBigEndian } from '../expr/single-value';
import { compareValues, isNaNValue } from '../expr/values';
import type { WrittenFile } from '../writer/data-file';
import { writeAvroFile } from './avro-writer';
import { decimalBytes, MANIFEST_LIST_SCHEMA, manifestEntrySchema, type PartitionColumn } from './manifest-avro';
import type { PrimitiveType } from './types';

/** A manifest list row, as Floe writes it and carries over from the parent snapshot. */
export interface ManifestListEntry {
  manifest_path: string;
  manifest_length: bigint;
  partition_spec_id: number;
  content: number;
  sequence_number: bigint;
  min_sequence_number: bigint;
  added_snapshot_id: bigint;
  added_files_count: number;
  existing_files_count: number;
  deleted_files_count: number;
  added_rows_count: bigint;
  existing_rows_count: bigint;
  deleted_rows_count: bigint;
  partitions: { contains_null: boolean; contains_nan: boolean | null; lower_bound: Buffer | null; upper_bound: Buffer | null }[] | null;
  key_metadata: Buffer | null;
}

export interface ManifestContext {
  /** The table schema as metadata JSON text, and its id (the manifest header records both). */
  schemaJson: string;
  schemaId: number;
  specId: number;
  /** The partition spec's fields as metadata JSON text. */
  specFieldsJson: string;
  columns: PartitionColumn[];
}

/** A partition value as the manifest's Avro field holds it. */
function avroPartitionValue(type: PrimitiveType, v: Value | null): unknown {
  if (v === null) return null;
  switch (type.kind) {
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return BigInt(v as bigint);
    case 'decimal': {
      const size = decimalBytes(type.precision);
      const minimal = minimalBigEndian(v as bigint);
      const out = Buffer.alloc(size, (minimal[0] ?? 0) & 0x80 ? 0xff : 0);
      out.set(minimal, size - minimal.length);
      return out;
    }
    case 'uuid':
    case 'fixed':
    case 'binary':
      return Buffer.from(v as Uint8Array);
    default:
      return v;
  }
}

const intMapRecords = (m: Map<number, bigint | Uint8Array>) => (m.size === 0 ? null : [...m].map(([key, value]) => ({ key, value: value instanceof Uint8Array ? Buffer.from(value) : value })));

/** A manifest of files one snapshot adds (status added; snapshot id and sequence numbers inherited from the list). */
export function writeManifest(ctx: ManifestContext, content: 'data' | 'deletes', files: readonly WrittenFile[]): Buffer {
  const records = files.map((f) => ({
    status: 1,
    snapshot_id: null,
    sequence_number: null,
    file_sequence_number: null,
    data_file: {
      content: f.content === 'data' ? 0 : 1,
      file_path: f.path,
      file_format: 'PARQUET',
      partition: Object.fromEntries(ctx.columns.map((c, i) => [c.name, avroPartitionValue(c.type, f.partition[i] ?? null)])),
      record_count: BigInt(f.recordCount),
      file_size_in_bytes: BigInt(f.sizeBytes),
      column_sizes: intMapRecords(f.columnSizes),
      value_counts: intMapRecords(f.valueCounts),
      null_value_counts: intMapRecords(f.nullValueCounts),
      nan_value_counts: intMapRecords(f.nanValueCounts),
      lower_bounds: intMapRecords(f.lowerBounds),
      upper_bounds: intMapRecords(f.upperBounds),
      key_metadata: null,
      split_offsets: null,
      equality_ids: null,
      sort_order_id: null,
    },
  }));
  return writeAvroFile(manifestEntrySchema(ctx.columns), records, {
    schema: ctx.schemaJson,
    'schema-id': String(ctx.schemaId),
    'partition-spec': ctx.specFieldsJson,
    'partition-spec-id': String(ctx.specId),
    'format-version': '2',
    content,
  });
}

/** The manifest list's partition summaries (field 507) over the partition tuples of a manifest's files. */
export function partitionSummaries(columns: readonly PartitionColumn[], tuples: readonly (readonly (Value | null)[])[]): NonNullable<ManifestListEntry['partitions']> {
  return columns.map((c, i) => {
    let containsNull = false;
    let containsNan = false;
    let lower: Value | null = null;
    let upper: Value | null = null;
    for (const t of tuples) {
      const v = t[i] ?? null;
      if (v === null) containsNull = true;
      else if (isNaNValue(v)) containsNan = true;
      else {
        if (lower === null || compareValues(v, lower) < 0) lower = v;
        if (upper === null || compareValues(v, upper) > 0) upper = v;
      }
    }
    const bound = (v: Value | null) => (v === null ? null : Buffer.from(encodeSingleValue(c.type, v)));
    const floating = c.type.kind === 'float' || c.type.kind === 'double';
    return { contains_null: containsNull, contains_nan: floating ? containsNan : null, lower_bound: bound(lower), upper_bound: bound(upper) };
  });
}

/** The manifest list row of a manifest written by writeManifest, with the partition summaries readers prune by. */
export function manifestListEntry(
  ctx: ManifestContext,
  path: string,
  length: number,
  content: 'data' | 'deletes',
  files: readonly WrittenFile[],
  snapshotId: bigint,
  sequenceNumber: bigint,
): ManifestListEntry {
  const partitions = partitionSummaries(ctx.columns, files.map((f) => f.partition));
  return {
    manifest_path: path,
    manifest_length: BigInt(length),
    partition_spec_id: ctx.specId,
    content: content === 'data' ? 0 : 1,
    sequence_number: sequenceNumber,
    min_sequence_number: sequenceNumber,
    added_snapshot_id: snapshotId,
    added_files_count: files.length,
    existing_files_count: 0,
    deleted_files_count: 0,
    added_rows_count: files.reduce((n, f) => n + BigInt(f.recordCount), 0n),
    existing_rows_count: 0n,
    deleted_rows_count: 0n,
    partitions,
    key_metadata: null,
  };
}

export function writeManifestList(entries: readonly ManifestListEntry[], snapshotId: bigint, parentSnapshotId: bigint | null, sequenceNumber: bigint): Buffer {
  return writeAvroFile(MANIFEST_LIST_SCHEMA, entries, {
    'snapshot-id': String(snapshotId),
    'parent-snapshot-id': parentSnapshotId === null ? 'null' : String(parentSnapshotId),
    'sequence-number': String(sequenceNumber),
    'format-version': '2',
  });
}
