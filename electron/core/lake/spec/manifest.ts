import { FloeError } from '../../../../shared/errors';
import type { FileContent } from '../../../../shared/model/lake';
import { readAvroFile } from './avro-file';

/** One row of a manifest list (spec "Manifest Lists"). v1 lists have no content or sequence numbers: they read as data and 0. */
export interface ManifestFile {
  path: string;
  length: number;
  specId: number;
  content: 'data' | 'deletes';
  sequenceNumber: bigint;
  minSequenceNumber: bigint;
  addedSnapshotId: bigint | null;
  /** Data (or delete) files the manifest adds and keeps; null when the writer left them out (v1). */
  addedFilesCount: number | null;
  existingFilesCount: number | null;
  /** Per partition field of the manifest's spec: null flags and bounds over its files (field 507). */
  partitions: PartitionFieldSummary[] | null;
}

export interface PartitionFieldSummary {
  containsNull: boolean;
  containsNan: boolean | null;
  /** Single-value serialization in the partition field's result type; null when absent. */
  lowerBound: Uint8Array | null;
  upperBound: Uint8Array | null;
}

export type EntryStatus = 'existing' | 'added' | 'deleted';

/** A live or deleted file as a manifest entry records it, with inherited snapshot id and sequence number filled in. */
export interface ManifestEntry {
  status: EntryStatus;
  snapshotId: bigint | null;
  /** The data sequence number: which deletes apply to the file. */
  sequenceNumber: bigint;
  file: ContentFile;
}

export interface ContentFile {
  content: FileContent;
  path: string;
  format: string;
  specId: number;
  partition: Record<string, unknown>;
  recordCount: number;
  sizeBytes: number;
  equalityIds: number[] | null;
  /** For a position delete file that references only one data file (v2 optional field 143). */
  referencedDataFile: string | null;
  /** Column metrics by field id (absent when the writer kept none). Bounds are single-value serialized. */
  valueCounts?: Map<number, bigint>;
  nullValueCounts?: Map<number, bigint>;
  nanValueCounts?: Map<number, bigint>;
  lowerBounds?: Map<number, Uint8Array>;
  upperBounds?: Map<number, Uint8Array>;
}

const CONTENT: FileContent[] = ['data', 'position-deletes', 'equality-deletes'];
const STATUS: EntryStatus[] = ['existing', 'added', 'deleted'];

function toBig(v: unknown): bigint | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'bigint' ? v : BigInt(v as number);
}
function toNum(v: unknown): number {
  return typeof v === 'bigint' ? Number(v) : Number(v ?? 0);
}

function bytesOf(v: unknown): Uint8Array | null {
  return v instanceof Uint8Array ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : null;
}

function countOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : toNum(v);
}

function summaries(v: unknown): PartitionFieldSummary[] | null {
  if (!Array.isArray(v)) return null;
  return v.map((s: Record<string, unknown>) => ({
    containsNull: Boolean(s.contains_null),
    containsNan: typeof s.contains_nan === 'boolean' ? s.contains_nan : null,
    lowerBound: bytesOf(s.lower_bound),
    upperBound: bytesOf(s.upper_bound),
  }));
}

/** An Iceberg map with int keys (an Avro array of key/value records) as a Map; undefined when absent. */
function intKeyMap<T>(v: unknown, value: (x: unknown) => T | null): Map<number, T> | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = new Map<number, T>();
  for (const kv of v as { key: unknown; value: unknown }[]) {
    const x = value(kv.value);
    if (x !== null) out.set(toNum(kv.key), x);
  }
  return out;
}

export function parseManifestList(bytes: Uint8Array, source: string): ManifestFile[] {
  const { records } = readAvroFile(bytes, source);
  return records.map((r) => {
    if (typeof r.manifest_path !== 'string') throw new FloeError('STORE_CORRUPT', `${source} is not a manifest list (its records have no manifest_path)`);
    const seq = toBig(r.sequence_number) ?? 0n;
    return {
      path: r.manifest_path,
      length: toNum(r.manifest_length),
      specId: toNum(r.partition_spec_id),
      content: toNum(r.content) === 1 ? 'deletes' : 'data',
      sequenceNumber: seq,
      minSequenceNumber: toBig(r.min_sequence_number) ?? seq,
      addedSnapshotId: toBig(r.added_snapshot_id),
      addedFilesCount: countOrNull(r.added_files_count ?? r.added_data_files_count),
      existingFilesCount: countOrNull(r.existing_files_count ?? r.existing_data_files_count),
      partitions: summaries(r.partitions),
    };
  });
}

/** Partition tuples as plain values: bigint stays bigint, bytes become hex text. */
function plainPartition(p: unknown): Record<string, unknown> {
  if (!p || typeof p !== 'object') return {};
  return Object.fromEntries(Object.entries(p as Record<string, unknown>).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('hex') : v]));
}

/**
 * Reads a manifest. `manifest` supplies what entries inherit when they leave it null: the snapshot
 * id and the sequence number of the snapshot that added them. v1 files always have sequence number 0.
 */
export function parseManifest(bytes: Uint8Array, source: string, manifest: ManifestFile): ManifestEntry[] {
  const { meta, records } = readAvroFile(bytes, source);
  const formatVersion = Number(meta['format-version'] ?? '1');
  if (formatVersion > 2) throw new FloeError('UNSUPPORTED', `${source} is a format v${formatVersion} manifest; Floe reads v1 and v2`);
  const specId = meta['partition-spec-id'] !== undefined ? Number(meta['partition-spec-id']) : manifest.specId;
  return records.map((r) => {
    const df = r.data_file as Record<string, unknown> | undefined;
    if (!df || typeof df.file_path !== 'string') throw new FloeError('STORE_CORRUPT', `${source} is not a manifest (its records have no data_file.file_path)`);
    const status = STATUS[toNum(r.status)] ?? 'existing';
    const content = CONTENT[toNum(df.content)] ?? 'data';
    const format = String(df.file_format ?? 'PARQUET').toUpperCase();
    const explicitSeq = toBig(r.sequence_number);
    // Entries of v1 manifests and v1 manifest lists carry no sequence number: all such files read as 0.
    const sequenceNumber = explicitSeq ?? (formatVersion === 1 ? 0n : manifest.sequenceNumber);
    return {
      status,
      snapshotId: toBig(r.snapshot_id) ?? manifest.addedSnapshotId,
      sequenceNumber,
      file: {
        content,
        path: df.file_path,
        format,
        specId,
        partition: plainPartition(df.partition),
        recordCount: toNum(df.record_count),
        sizeBytes: toNum(df.file_size_in_bytes),
        equalityIds: Array.isArray(df.equality_ids) ? df.equality_ids.map(toNum) : null,
        referencedDataFile: typeof df.referenced_data_file === 'string' ? df.referenced_data_file : null,
        valueCounts: intKeyMap(df.value_counts, toBig),
        nullValueCounts: intKeyMap(df.null_value_counts, toBig),
        nanValueCounts: intKeyMap(df.nan_value_counts, toBig),
        lowerBounds: intKeyMap(df.lower_bounds, bytesOf),
        upperBounds: intKeyMap(df.upper_bounds, bytesOf),
      },
    };
  });
}
