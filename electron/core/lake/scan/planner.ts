import { FloeError } from '../../../../shared/errors';
import type { SnapshotSelector } from '../../../../shared/model/lake';
import type { FileIO } from '../io/file-io';
import { parseManifest, parseManifestList, type ManifestEntry, type ManifestFile } from '../spec/manifest';
import type { Schema, Snapshot, TableMetadata } from '../spec/metadata';
import { selectSnapshot } from '../spec/snapshot-select';
import { assignDeletes, type FileTask, type LiveFile } from './delete-index';

export interface ScanPlan {
  snapshot: Snapshot | null;
  schema: Schema;
  tasks: FileTask[];
  deleteFiles: LiveFile[];
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

  async plan(meta: TableMetadata, selector: SnapshotSelector = {}, signal?: AbortSignal): Promise<ScanPlan> {
    const { snapshot, schema } = selectSnapshot(meta, selector);
    if (!snapshot) return { snapshot, schema, tasks: [], deleteFiles: [] };
    const entries = await this.liveEntries(snapshot, signal);
    const data: LiveFile[] = [];
    const deletes: LiveFile[] = [];
    for (const e of entries) {
      if (!READABLE_FORMATS.has(e.file.format))
        throw new FloeError('UNSUPPORTED', `${e.file.path} is a ${e.file.format} file; Floe reads Parquet data and delete files only`);
      (e.file.content === 'data' ? data : deletes).push({ file: e.file, sequenceNumber: e.sequenceNumber });
    }
    return { snapshot, schema, tasks: assignDeletes(data, deletes, meta.partitionSpecs), deleteFiles: deletes };
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
    }));
  }

  /** Every file the snapshot holds (entries not marked deleted), data and deletes. */
  async liveEntries(snapshot: Snapshot, signal?: AbortSignal): Promise<ManifestEntry[]> {
    const manifests = await this.manifestsOf(snapshot);
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
      if (e instanceof FloeError && e.code === 'NOT_FOUND') throw new FloeError('NOT_FOUND', `The ${what} ${path} is missing`);
      throw e;
    }
  }
}
