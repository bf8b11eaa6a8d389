import { FloeError } from '../../../../shared/errors';
import type { SnapshotSelector } from '../../../../shared/model/lake';
import type { FileIO } from '../io/file-io';
import { isMissingObject } from '../io/object-store';
import { parseManifest, parseManifestList, type ManifestEntry, type ManifestFile } from '../spec/manifest';
import type { Schema, Snapshot, TableMetadata } from '../spec/metadata';
import { selectSnapshot } from '../spec/snapshot-select';
import type { BoundPred, Expr } from '../expr/expr';
import { FilePruner } from './file-pruner';
import { assignDeletes, type FileTask, type LiveFile } from './delete-index';

export interface ScanPlan {
  snapshot: Snapshot | null;
  schema: Schema;
  tasks: FileTask[];
  deleteFiles: LiveFile[];
  /** Data files kept for reading, of the snapshot's data files in all (equal without a filter). */
  filesScanned: number;
  filesTotal: number;
  manifestsScanned: number;
  manifestsTotal: number;
}

const READABLE_FORMATS = new Set(['PARQUET']);

/**
 * Plans scans: which data files a snapshot holds and which deletes apply to each. Manifests never change
 * once written, so parsed ones are kept (bounded) and reused across snapshots and queries.
 */
export class ScanPlanner {
  private readonly manifests = new Map<string, ManifestEntry[]>();
  constructor(
    private readonly io: FileIO,
    private readonly maxCachedManifests = 2000,
  ) {}

  /**
   * With a filter, data manifests whose partition summaries rule it out are skipped, then data files whose partition
   * values or column metrics rule it out (delete manifests and files are all kept: they only ever remove rows).
   */
  async plan(meta: TableMetadata, selector: SnapshotSelector = {}, signal?: AbortSignal, filter?: Expr<BoundPred>): Promise<ScanPlan> {
    const { snapshot, schema } = selectSnapshot(meta, selector);
    if (!snapshot) return { snapshot, schema, tasks: [], deleteFiles: [], filesScanned: 0, filesTotal: 0, manifestsScanned: 0, manifestsTotal: 0 };
    const manifests = await this.manifestsOf(snapshot);
    const pruner = filter ? new FilePruner(filter, meta.partitionSpecs) : null;
    const kept = pruner ? manifests.filter((m) => m.content === 'deletes' || pruner.manifestMightMatch(m)) : manifests;
    const skipped = manifests.filter((m) => !kept.includes(m));
    const entries = await this.entriesOf(kept, signal);
    const data: LiveFile[] = [];
    const deletes: LiveFile[] = [];
    let filesTotal = 0;
    for (const e of entries) {
      if (e.file.content === 'data') filesTotal++;
      if (e.file.content === 'data' && pruner && !pruner.fileMightMatch(e.file)) continue;
      if (!READABLE_FORMATS.has(e.file.format))
        throw new FloeError('UNSUPPORTED', `${e.file.path} is a ${e.file.format} file; Floe reads Parquet data and delete files only`);
      (e.file.content === 'data' ? data : deletes).push({ file: e.file, sequenceNumber: e.sequenceNumber });
    }
    filesTotal += await this.liveDataFiles(skipped, signal);
    return {
      snapshot,
      schema,
      tasks: assignDeletes(data, deletes, meta.partitionSpecs),
      deleteFiles: deletes,
      filesScanned: data.length,
      filesTotal,
      manifestsScanned: kept.length,
      manifestsTotal: manifests.length,
    };
  }

  /** Live data files of skipped manifests: from the manifest list's counts, reading a manifest only when they are absent. */
  private async liveDataFiles(manifests: ManifestFile[], signal?: AbortSignal): Promise<number> {
    let n = 0;
    const unknown: ManifestFile[] = [];
    for (const m of manifests) {
      if (m.addedFilesCount !== null && m.existingFilesCount !== null) n += m.addedFilesCount + m.existingFilesCount;
      else unknown.push(m);
    }
    if (unknown.length > 0) n += (await this.entriesOf(unknown, signal)).filter((e) => e.file.content === 'data').length;
    return n;
  }

  /** The manifests of a snapshot: from its manifest list, or (old v1 tables) listed inline. */
  async manifestsOf(snapshot: Snapshot): Promise<ManifestFile[]> {
    if (snapshot.manifestList) {
      const bytes = await this.readMeta(snapshot.manifestList, `manifest list of snapshot ${snapshot.snapshotId}`);
      return parseManifestList(bytes, snapshot.manifestList);
    }
    return (snapshot.manifests ?? []).map((path) => ({
      path,
      length: 0,
      specId: 0,
      content: 'data' as const,
      sequenceNumber: 0n,
      minSequenceNumber: 0n,
      addedSnapshotId: snapshot.snapshotId,
      addedFilesCount: null,
      existingFilesCount: null,
      partitions: null,
    }));
  }

  /** Every file the snapshot holds (entries not marked deleted), data and deletes. */
  async liveEntries(snapshot: Snapshot, signal?: AbortSignal): Promise<ManifestEntry[]> {
    return this.entriesOf(await this.manifestsOf(snapshot), signal);
  }

  private async entriesOf(manifests: ManifestFile[], signal?: AbortSignal): Promise<ManifestEntry[]> {
    const out: ManifestEntry[] = [];
    const queue = [...manifests];
    const worker = async () => {
      for (let m = queue.shift(); m; m = queue.shift()) {
        if (signal?.aborted) throw new FloeError('CANCELLED', 'Cancelled');
        for (const e of await this.manifest(m)) if (e.status !== 'deleted') out.push(e);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, manifests.length) }, worker));
    return out;
  }

  private async manifest(m: ManifestFile): Promise<ManifestEntry[]> {
    const key = `${m.path}\u0000${m.sequenceNumber}\u0000${m.addedSnapshotId}`;
    const hit = this.manifests.get(key);
    if (hit) return hit;
    const entries = parseManifest(await this.readMeta(m.path, 'manifest'), m.path, m);
    if (this.manifests.size >= this.maxCachedManifests) this.manifests.delete(this.manifests.keys().next().value as string);
    this.manifests.set(key, entries);
    return entries;
  }

  private async readMeta(path: string, what: string): Promise<Uint8Array> {
    try {
      return await this.io.read(path);
    } catch (e) {
      if (isMissingObject(e)) throw new FloeError('NOT_FOUND', `The ${what} ${path} is missing`);
      throw e;
    }
  }
}
