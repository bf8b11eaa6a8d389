import type { TableMetadata } from '../lake/spec/metadata';
import { assignDeletes, partitionKey, type FileTask, type LiveFile } from '../lake/scan/delete-index';
import type { RawManifest } from './raw-manifests';

export const DEFAULT_TARGET_FILE_BYTES = 128 * 1024 ** 2;

export interface CompactOptions {
  /** The size compacted files aim for (table property write.target-file-size-bytes, else 128 MiB). */
  targetFileBytes?: number;
  /** A partition's small files are rewritten when there are at least this many (files with deletes always are). */
  minInputFiles?: number;
}

/** Data files of one partition to rewrite as one file, with the deletes that apply to them. */
export interface CompactGroup {
  specId: number;
  partitionKey: string;
  tasks: FileTask[];
  bytes: number;
  rows: number;
}

export interface CompactPlan {
  groups: CompactGroup[];
  /** Delete files that apply only to rewritten data files (or to none): the replace snapshot drops them. */
  droppedDeletes: LiveFile[];
  /** Every delete file live at planning: a delete added later that reaches a rewritten file voids the plan. */
  knownDeletes: Set<string>;
  targetFileBytes: number;
  dataFiles: number;
}

export function targetFileBytes(meta: TableMetadata, options: CompactOptions): number {
  return options.targetFileBytes ?? (Number(meta.properties['write.target-file-size-bytes']) || DEFAULT_TARGET_FILE_BYTES);
}

/** The live data and delete files of a snapshot's manifests. */
export function liveFiles(manifests: RawManifest[]): { data: LiveFile[]; deletes: LiveFile[] } {
  const data: LiveFile[] = [];
  const deletes: LiveFile[] = [];
  for (const m of manifests)
    for (const e of m.entries) if (e.status !== 'deleted') (e.file.content === 'data' ? data : deletes).push({ file: e.file, sequenceNumber: e.sequenceNumber });
  return { data, deletes };
}

/**
 * Bin-packs, per partition, the data files under 3/4 of the target size (smallest first) into groups of at most the
 * target size; a group is rewritten when it has enough files or any deletes to fold in.
 */
export function planCompaction(meta: TableMetadata, manifests: RawManifest[], options: CompactOptions = {}): CompactPlan {
  const target = targetFileBytes(meta, options);
  const minInput = Math.max(1, options.minInputFiles ?? 2);
  const { data, deletes } = liveFiles(manifests);
  const tasks = assignDeletes(data, deletes, meta.partitionSpecs);
  const byPartition = new Map<string, FileTask[]>();
  for (const t of tasks) {
    const hasDeletes = t.positionDeletes.length + t.equalityDeletes.length > 0;
    if (t.file.sizeBytes >= target * 0.75 && !hasDeletes) continue;
    const key = partitionKey(t.file);
    byPartition.set(key, [...(byPartition.get(key) ?? []), t]);
  }
  const groups: CompactGroup[] = [];
  for (const [key, list] of byPartition) {
    list.sort((a, b) => a.file.sizeBytes - b.file.sizeBytes);
    let bin: FileTask[] = [];
    let bytes = 0;
    const close = () => {
      const folds = bin.some((t) => t.positionDeletes.length + t.equalityDeletes.length > 0);
      if (bin.length >= minInput || (folds && bin.length > 0))
        groups.push({ specId: bin[0]!.file.specId, partitionKey: key, tasks: bin, bytes, rows: bin.reduce((n, t) => n + t.file.recordCount, 0) });
      bin = [];
      bytes = 0;
    };
    for (const t of list) {
      if (bin.length > 0 && bytes + t.file.sizeBytes > target) close();
      bin.push(t);
      bytes += t.file.sizeBytes;
    }
    close();
  }
  const rewritten = new Set(groups.flatMap((g) => g.tasks.map((t) => t.file.path)));
  const reaches = new Map<string, string[]>();
  for (const t of tasks) for (const d of [...t.positionDeletes, ...t.equalityDeletes]) reaches.set(d.file.path, [...(reaches.get(d.file.path) ?? []), t.file.path]);
  const droppedDeletes = rewritten.size === 0 ? [] : deletes.filter((d) => (reaches.get(d.file.path) ?? []).every((p) => rewritten.has(p)));
  return { groups, droppedDeletes, knownDeletes: new Set(deletes.map((d) => d.file.path)), targetFileBytes: target, dataFiles: data.length };
}
