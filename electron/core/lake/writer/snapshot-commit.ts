import { randomBytes, randomUUID } from 'node:crypto';
import { FloeError } from '../../../../shared/errors';
import type { TableId } from '../../../../shared/model/lake';
import type { Catalog, LoadedTable } from '../catalog/catalog';
import type { FileIO } from '../io/file-io';
import { readAvroFile } from '../spec/avro-file';
import { stringifyExactJson, type ExactJson } from '../spec/exact-json';
import { partitionColumns } from '../spec/manifest-avro';
import { manifestListEntry, writeManifest, writeManifestList, type ManifestContext, type ManifestListEntry } from '../spec/manifest-writer';
import { currentSchema, type Snapshot, type TableMetadata } from '../spec/metadata';
import type { WrittenFile } from './data-file';
import { readMetadataJson, swapMetadata, type MetadataJson } from './metadata-commit';

export interface SnapshotChanges {
  dataFiles: WrittenFile[];
  /** Position delete files (each in the partition of the data files it names). */
  deleteFiles: WrittenFile[];
  /** Extra snapshot summary properties (a writer's offsets, its job id). */
  properties?: Record<string, string>;
  /** Unique per commit: a commit whose outcome is unknown is recognised by it (summary `floe.commit-id`). */
  commitId: string;
}

export interface CommitResult {
  snapshotId: bigint;
  sequenceNumber: bigint;
  metadataLocation: string;
  attempts: number;
  /** The commit had already landed (found by its commit id after an unknown outcome or a restart). */
  alreadyCommitted: boolean;
}

export interface CommitOptions {
  maxAttempts?: number;
  /** Called with each base the commit is about to build on; throws when the changes no longer apply to it. */
  validate?: (base: LoadedTable) => void | Promise<void>;
  now?: () => number;
}

export const COMMIT_ID = 'floe.commit-id';
const TOTALS = ['total-records', 'total-files-size', 'total-data-files', 'total-delete-files', 'total-position-deletes', 'total-equality-deletes'] as const;

/** A random positive 63-bit snapshot id. */
export function newSnapshotId(): bigint {
  return randomBytes(8).readBigUInt64BE() & 0x7fffffffffffffffn;
}

/** The snapshot a commit with this id made, if it landed. */
export function findCommit(table: LoadedTable, commitId: string): Snapshot | undefined {
  return table.metadata.snapshots.find((s) => s.summary[COMMIT_ID] === commitId);
}

const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt((v as number | undefined) ?? 0));
const num = (v: unknown): number => Number(v ?? 0);

/** The rows of a parent snapshot's manifest list, to carry into the new one. */
export async function parentManifests(io: FileIO, parent: Snapshot | undefined): Promise<ManifestListEntry[]> {
  if (!parent) return [];
  if (!parent.manifestList) throw new FloeError('UNSUPPORTED', `Snapshot ${parent.snapshotId} lists its manifests inline (format v1): Floe appends only to format v2 tables`);
  const { records } = readAvroFile(await io.read(parent.manifestList), parent.manifestList);
  return records.map((r) => ({
    manifest_path: String(r.manifest_path),
    manifest_length: big(r.manifest_length),
    partition_spec_id: num(r.partition_spec_id),
    content: num(r.content),
    sequence_number: big(r.sequence_number),
    min_sequence_number: big(r.min_sequence_number ?? r.sequence_number),
    added_snapshot_id: big(r.added_snapshot_id),
    added_files_count: num(r.added_files_count ?? r.added_data_files_count),
    existing_files_count: num(r.existing_files_count ?? r.existing_data_files_count),
    deleted_files_count: num(r.deleted_files_count ?? r.deleted_data_files_count),
    added_rows_count: big(r.added_rows_count),
    existing_rows_count: big(r.existing_rows_count),
    deleted_rows_count: big(r.deleted_rows_count),
    partitions: (r.partitions as ManifestListEntry['partitions']) ?? null,
    key_metadata: (r.key_metadata as Buffer | null) ?? null,
  }));
}

function summaryOf(changes: SnapshotChanges, parent: Snapshot | undefined): Record<string, string> {
  const sum = (files: WrittenFile[], f: (x: WrittenFile) => number) => files.reduce((n, x) => n + f(x), 0);
  const added: Record<(typeof TOTALS)[number], number> = {
    'total-records': sum(changes.dataFiles, (f) => f.recordCount),
    'total-files-size': sum(changes.dataFiles, (f) => f.sizeBytes) + sum(changes.deleteFiles, (f) => f.sizeBytes),
    'total-data-files': changes.dataFiles.length,
    'total-delete-files': changes.deleteFiles.length,
    'total-position-deletes': sum(changes.deleteFiles, (f) => f.recordCount),
    'total-equality-deletes': 0,
  };
  const summary: Record<string, string> = { operation: changes.deleteFiles.length > 0 ? 'overwrite' : 'append' };
  if (changes.dataFiles.length > 0) {
    summary['added-data-files'] = String(changes.dataFiles.length);
    summary['added-records'] = String(added['total-records']);
    summary['added-files-size'] = String(sum(changes.dataFiles, (f) => f.sizeBytes));
  }
  if (changes.deleteFiles.length > 0) {
    summary['added-delete-files'] = String(changes.deleteFiles.length);
    summary['added-position-delete-files'] = String(changes.deleteFiles.length);
    summary['added-position-deletes'] = String(added['total-position-deletes']);
  }
  const partitions = new Set([...changes.dataFiles, ...changes.deleteFiles].map((f) => `${f.specId}:${JSON.stringify(f.partition, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`));
  summary['changed-partition-count'] = String(partitions.size);
  // Totals continue the parent's; a parent without them (an older writer) leaves them unknown.
  if (!parent || TOTALS.every((k) => parent.summary[k] !== undefined))
    for (const k of TOTALS) summary[k] = String(BigInt(parent?.summary[k] ?? '0') + BigInt(added[k]));
  return { ...summary, ...changes.properties, [COMMIT_ID]: changes.commitId };
}

/** How a manifest of `specId` is described in its header and read: the table's current schema and that spec. */
export function manifestContext(raw: MetadataJson, meta: TableMetadata, specId: number): ManifestContext {
  const spec = meta.partitionSpecs.find((s) => s.specId === specId);
  if (!spec) throw new FloeError('CONFLICT', `Partition spec ${specId} is no longer in the table`);
  const schema = currentSchema(meta);
  const specJson = (raw['partition-specs'] as MetadataJson[]).find((s) => num(s['spec-id']) === specId);
  const schemaJson = (raw.schemas as MetadataJson[]).find((s) => num(s['schema-id']) === schema.schemaId);
  return {
    schemaJson: stringifyExactJson(schemaJson),
    schemaId: schema.schemaId,
    specId,
    specFieldsJson: stringifyExactJson(specJson?.fields ?? []),
    columns: partitionColumns(spec, schema),
  };
}

export interface NewSnapshot {
  snapshotId: bigint;
  sequenceNumber: bigint;
  timestampMs: number;
  listPath: string;
  summary: Record<string, string>;
}

/** The metadata with `s` added as the main branch's new current snapshot (child of the current one). */
export function withSnapshot(raw: MetadataJson, meta: TableMetadata, s: NewSnapshot): MetadataJson {
  const snapshot: MetadataJson = {
    'snapshot-id': s.snapshotId,
    ...(meta.currentSnapshotId !== null ? { 'parent-snapshot-id': meta.currentSnapshotId } : {}),
    'sequence-number': s.sequenceNumber,
    'timestamp-ms': s.timestampMs,
    'manifest-list': s.listPath,
    summary: s.summary,
    'schema-id': meta.currentSchemaId,
  };
  return {
    ...raw,
    'last-sequence-number': s.sequenceNumber,
    'current-snapshot-id': s.snapshotId,
    snapshots: [...((raw.snapshots as ExactJson[] | undefined) ?? []), snapshot],
    'snapshot-log': [...((raw['snapshot-log'] as ExactJson[] | undefined) ?? []), { 'timestamp-ms': s.timestampMs, 'snapshot-id': s.snapshotId }],
    refs: { ...((raw.refs as MetadataJson | undefined) ?? {}), main: { 'snapshot-id': s.snapshotId, type: 'branch' } },
  };
}

/**
 * Commits one snapshot that adds data files and position delete files (fast append: the new manifests plus the
 * parent's), through the catalog's compare-and-swap. On a conflict it rebuilds on the new base; after an error
 * whose outcome is unknown it reloads and looks for its commit id before trying again, so it never commits twice.
 */
export async function commitSnapshot(catalog: Catalog, io: FileIO, id: TableId, changes: SnapshotChanges, options: CommitOptions = {}): Promise<CommitResult> {
  const maxAttempts = options.maxAttempts ?? 8;
  const now = options.now ?? Date.now;
  const written = new Map<string, { path: string; length: number; content: 'data' | 'deletes'; files: WrittenFile[]; ctx: ManifestContext }>();
  let lastError: unknown;
  let uncertain = false;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const base = await catalog.loadTable(id);
    const landed = findCommit(base, changes.commitId);
    if (landed)
      return { snapshotId: landed.snapshotId, sequenceNumber: landed.sequenceNumber, metadataLocation: base.metadataLocation, attempts: attempt, alreadyCommitted: true };
    if (base.metadata.formatVersion !== 2) throw new FloeError('UNSUPPORTED', `Floe writes only to format v2 tables; this one is v${base.metadata.formatVersion}`);
    try {
      await options.validate?.(base);
    } catch (e) {
      // Manifests of attempts that cleanly lost are referenced by no snapshot: removed with the commit given up.
      if (!uncertain) for (const m of written.values()) await io.delete(m.path).catch(() => undefined);
      throw e;
    }
    const raw = await readMetadataJson(io, base);
    const meta = base.metadata;
    const location = meta.location.replace(/\/+$/, '');

    // Manifests name no snapshot or sequence number (entries inherit them from the list): written once, reused on retries.
    for (const [content, files] of [['data', changes.dataFiles] as const, ['deletes', changes.deleteFiles] as const]) {
      for (const specId of new Set(files.map((f) => f.specId))) {
        const key = `${content}:${specId}`;
        if (written.has(key)) continue;
        const ctx = manifestContext(raw, meta, specId);
        const ofSpec = files.filter((f) => f.specId === specId);
        const bytes = writeManifest(ctx, content, ofSpec);
        const path = `${location}/metadata/${randomUUID()}-m${written.size}.avro`;
        await io.write(path, bytes);
        written.set(key, { path, length: bytes.length, content, files: ofSpec, ctx });
      }
    }

    const parent = meta.currentSnapshotId === null ? undefined : meta.snapshots.find((s) => s.snapshotId === meta.currentSnapshotId);
    const snapshotId = newSnapshotId();
    const sequenceNumber = meta.lastSequenceNumber + 1n;
    const timestampMs = Math.max(now(), meta.lastUpdatedMs + 1);
    const entries = [...written.values()].map((m) => manifestListEntry(m.ctx, m.path, m.length, m.content, m.files, snapshotId, sequenceNumber));
    // A manifest whose every entry is deleted (a compaction's record of what it removed) has done its job in the parent.
    entries.push(...(await parentManifests(io, parent)).filter((m) => m.added_files_count > 0 || m.existing_files_count > 0 || m.deleted_files_count === 0));
    const listPath = `${location}/metadata/snap-${snapshotId}-${attempt}-${randomUUID()}.avro`;
    await io.write(listPath, writeManifestList(entries, snapshotId, parent?.snapshotId ?? null, sequenceNumber));

    const next = withSnapshot(raw, meta, { snapshotId, sequenceNumber, timestampMs, listPath, summary: summaryOf(changes, parent) });
    try {
      const metadataLocation = await swapMetadata(catalog, io, id, base, next, timestampMs);
      return { snapshotId, sequenceNumber, metadataLocation, attempts: attempt, alreadyCommitted: false };
    } catch (e) {
      lastError = e;
      // A clean conflict left the catalog untouched: our list is garbage. Any other error may have committed: keep
      // the files (the next attempt finds the commit id and reports it).
      if (e instanceof FloeError && (e.code === 'NOT_FOUND' || e.code === 'UNSUPPORTED')) throw e;
      if (e instanceof FloeError && e.code === 'CONFLICT') await io.delete(listPath).catch(() => undefined);
      else uncertain = true;
    }
  }
  throw new FloeError('CONFLICT', `Could not commit to ${[...id.namespace, id.name].join('.')} after ${maxAttempts} attempts: ${(lastError as Error)?.message ?? 'other writers kept committing first'}`);
}
