import { randomUUID } from 'node:crypto';
import { FloeError } from '../../../shared/errors';
import type { TableId } from '../../../shared/model/lake';
import { tableName, type Catalog, type LoadedTable } from '../lake/catalog/catalog';
import type { FileIO } from '../lake/io/file-io';
import { writeManifestList, type ManifestListEntry } from '../lake/spec/manifest-writer';
import { readMetadataJson, swapMetadata, type MetadataJson } from '../lake/writer/metadata-commit';
import { COMMIT_ID, findCommit, newSnapshotId, withSnapshot } from '../lake/writer/snapshot-commit';

/** What one attempt commits: the new snapshot's manifests and summary, and files it wrote that a lost attempt leaves unused. */
export interface ReplaceAttempt {
  manifests: ManifestListEntry[];
  summary: Record<string, string>;
  written: string[];
}

export interface ReplaceCommit {
  snapshotId: bigint;
  attempts: number;
  table: LoadedTable;
}

/** Thrown by a build when the table changed under the operation so that its work no longer applies: it is not retried. */
export class Superseded extends FloeError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/**
 * Commits a `replace` snapshot (same rows, other files or manifests) by compare-and-swap. Each attempt builds on the
 * catalog's current table: `build` rechecks that its work still applies (throwing Superseded when not) and returns the
 * manifests. A lost race is retried on the new base; an error of unknown outcome is resolved by the commit id.
 */
export async function commitReplace(
  catalog: Catalog,
  io: FileIO,
  id: TableId,
  build: (base: LoadedTable, snapshotId: bigint, sequenceNumber: bigint) => Promise<ReplaceAttempt>,
  maxAttempts = 4,
): Promise<ReplaceCommit> {
  const commitId = randomUUID();
  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const base = await catalog.loadTable(id);
    const landed = findCommit(base, commitId);
    if (landed) return { snapshotId: landed.snapshotId, attempts: attempt, table: base };
    if (base.metadata.formatVersion !== 2) throw new FloeError('UNSUPPORTED', `Floe maintains only format v2 tables; ${tableName(id)} is v${base.metadata.formatVersion}`);
    const raw: MetadataJson = await readMetadataJson(io, base);
    const snapshotId = newSnapshotId();
    const sequenceNumber = base.metadata.lastSequenceNumber + 1n;
    const built = await build(base, snapshotId, sequenceNumber);
    const location = base.metadata.location.replace(/\/+$/, '');
    const listPath = `${location}/metadata/snap-${snapshotId}-${attempt}-${randomUUID()}.avro`;
    await io.write(listPath, writeManifestList(built.manifests, snapshotId, base.metadata.currentSnapshotId, sequenceNumber));
    const timestampMs = Math.max(Date.now(), base.metadata.lastUpdatedMs + 1);
    const next = withSnapshot(raw, base.metadata, { snapshotId, sequenceNumber, timestampMs, listPath, summary: { ...built.summary, operation: 'replace', [COMMIT_ID]: commitId } });
    try {
      await swapMetadata(catalog, io, id, base, next, timestampMs);
      return { snapshotId, attempts: attempt, table: await catalog.loadTable(id) };
    } catch (e) {
      lastError = e;
      if (!(e instanceof FloeError) || e.code !== 'CONFLICT') {
        if (e instanceof FloeError && (e.code === 'NOT_FOUND' || e.code === 'UNSUPPORTED')) throw e;
        continue; // unknown outcome: the next attempt looks for the commit id first
      }
      for (const path of [listPath, ...built.written]) await io.delete(path).catch(() => undefined);
    }
  }
  throw new FloeError('CONFLICT', `Gave up on ${tableName(id)} after ${maxAttempts} attempts: other writers kept committing first (${(lastError as Error)?.message ?? 'conflict'}); nothing was changed`);
}
