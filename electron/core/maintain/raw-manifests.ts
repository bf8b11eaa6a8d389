import { FloeError } from '../../../shared/errors';
import type { FileIO } from '../lake/io/file-io';
import { isMissingObject } from '../lake/io/object-store';
import { readAvroFile } from '../lake/spec/avro-file';
import { parseManifest, type ManifestEntry } from '../lake/spec/manifest';
import type { Snapshot } from '../lake/spec/metadata';
import { parentManifests } from '../lake/writer/snapshot-commit';
import type { ManifestListEntry } from '../lake/spec/manifest-writer';

/** A manifest with its entries as parsed and as raw Avro records (rewritten as they were read, only status and ids filled in). */
export interface RawManifest {
  row: ManifestListEntry;
  /** The Avro header metadata: schema, partition-spec, content… */
  meta: Record<string, string>;
  records: Record<string, unknown>[];
  entries: ManifestEntry[];
}

export async function readOrMissing(io: FileIO, path: string, what: string): Promise<Uint8Array> {
  try {
    return await io.read(path);
  } catch (e) {
    if (isMissingObject(e)) throw new FloeError('NOT_FOUND', `The ${what} ${path} is missing: the table's files vanished (deleted outside its catalog?)`);
    throw e;
  }
}

/** Every manifest of a snapshot with all its entries (deleted ones too, flagged so). */
export async function readManifests(io: FileIO, snapshot: Snapshot): Promise<RawManifest[]> {
  if (!snapshot.manifestList) throw new FloeError('UNSUPPORTED', `Snapshot ${snapshot.snapshotId} lists its manifests inline (format v1): Floe maintains only format v2 tables`);
  await readOrMissing(io, snapshot.manifestList, `manifest list of snapshot ${snapshot.snapshotId}`);
  const rows = await parentManifests(io, snapshot);
  const out: RawManifest[] = new Array(rows.length);
  const queue = rows.map((row, i) => ({ row, i }));
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { row, i } = job;
      const bytes = await readOrMissing(io, row.manifest_path, 'manifest');
      const { meta, records } = readAvroFile(bytes, row.manifest_path);
      const file = {
        path: row.manifest_path,
        length: Number(row.manifest_length),
        specId: row.partition_spec_id,
        content: row.content === 1 ? ('deletes' as const) : ('data' as const),
        sequenceNumber: row.sequence_number,
        minSequenceNumber: row.min_sequence_number,
        addedSnapshotId: row.added_snapshot_id,
        addedFilesCount: row.added_files_count,
        existingFilesCount: row.existing_files_count,
        partitions: null,
      };
      out[i] = { row, meta, records, entries: parseManifest(bytes, row.manifest_path, file) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, rows.length) }, worker));
  return out;
}

/** A raw entry with what it inherited from the manifest list written out, as a rewritten manifest must hold it. */
export function explicitRecord(m: RawManifest, i: number, status: 0 | 2, deletingSnapshot?: bigint): Record<string, unknown> {
  const r = m.records[i]!;
  const e = m.entries[i]!;
  return {
    ...r,
    status,
    snapshot_id: status === 2 ? deletingSnapshot : e.snapshotId,
    sequence_number: e.sequenceNumber,
    file_sequence_number: (r.file_sequence_number as bigint | null | undefined) ?? m.row.sequence_number,
  };
}
