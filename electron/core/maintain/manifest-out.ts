import { randomUUID } from 'node:crypto';
import type avro from 'avsc';
import type { Value } from '../lake/expr/expr';
import { partitionValue } from '../lake/expr/single-value';
import type { FileIO } from '../lake/io/file-io';
import type { ContentFile, ManifestEntry } from '../lake/spec/manifest';
import type { PartitionColumn } from '../lake/spec/manifest-avro';
import { partitionSummaries, type ManifestListEntry } from '../lake/spec/manifest-writer';
import { writeAvroFile } from '../lake/spec/avro-writer';

/** An entry of a manifest being written: its raw record (status and ids explicit) and what the list row counts. */
export interface OutEntry {
  record: Record<string, unknown>;
  entry: ManifestEntry;
  status: 0 | 1 | 2;
}

/** A file's partition tuple in the spec's field order, in Iceberg's value representation. */
export function partitionTuple(columns: readonly PartitionColumn[], file: ContentFile): (Value | null)[] {
  return columns.map((c) => partitionValue(file.partition[c.name] ?? null, c.type) ?? null);
}

/**
 * Writes a manifest of raw entries with the Avro schema and header of the manifest they were read from (so fields
 * Floe does not model are kept), and returns its manifest list row for a snapshot with this id and sequence number.
 */
export async function writeRawManifest(
  io: FileIO,
  location: string,
  meta: Record<string, string>,
  columns: readonly PartitionColumn[],
  specId: number,
  entries: readonly OutEntry[],
  snapshotId: bigint,
  sequenceNumber: bigint,
): Promise<ManifestListEntry> {
  const header = Object.fromEntries(Object.entries(meta).filter(([k]) => !k.startsWith('avro.')));
  const bytes = writeAvroFile(JSON.parse(meta['avro.schema'] ?? '{}') as avro.Schema, entries.map((e) => e.record), header);
  const path = `${location.replace(/\/+$/, '')}/metadata/${randomUUID()}-m-maintain.avro`;
  await io.write(path, bytes);
  const of = (s: 0 | 1 | 2) => entries.filter((e) => e.status === s);
  const rows = (list: OutEntry[]) => list.reduce((n, e) => n + BigInt(e.entry.file.recordCount), 0n);
  const live = entries.filter((e) => e.status !== 2);
  const minSeq = live.reduce<bigint | null>((m, e) => (m === null || e.entry.sequenceNumber < m ? e.entry.sequenceNumber : m), null);
  return {
    manifest_path: path,
    manifest_length: BigInt(bytes.length),
    partition_spec_id: specId,
    content: meta.content === 'deletes' ? 1 : 0,
    sequence_number: sequenceNumber,
    min_sequence_number: minSeq ?? sequenceNumber,
    added_snapshot_id: snapshotId,
    added_files_count: of(1).length,
    existing_files_count: of(0).length,
    deleted_files_count: of(2).length,
    added_rows_count: rows(of(1)),
    existing_rows_count: rows(of(0)),
    deleted_rows_count: rows(of(2)),
    partitions: partitionSummaries(columns, entries.map((e) => partitionTuple(columns, e.entry.file))),
    key_metadata: null,
  };
}
