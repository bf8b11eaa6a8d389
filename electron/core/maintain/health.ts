import type { MaintainOperation, TableHealth } from '../../../shared/model/maintain';
import { tableName, type LoadedTable } from '../lake/catalog/catalog';
import type { FileIO } from '../lake/io/file-io';
import { liveFiles, targetFileBytes } from './compact-plan';
import { currentSnapshot, formatSize, plural } from './maintain-table';
import { readManifests } from './raw-manifests';

const WEEK_MS = 7 * 86_400_000;

/** What maintenance would help, from the figures (thresholds a 10-second landing crosses within hours, not minutes). */
export function suggestions(h: Omit<TableHealth, 'suggestions'>): TableHealth['suggestions'] {
  const out: { operation: MaintainOperation; why: string }[] = [];
  if (h.smallFiles >= 16 && h.smallFiles >= h.dataFiles / 4)
    out.push({ operation: 'compact', why: `${plural(h.smallFiles, 'small data file')} of ${h.dataFiles} (average ${formatSize(h.avgFileBytes)}, target ${formatSize(h.targetFileBytes)}): every scan opens each one` });
  else if (h.deleteFiles > 0 && (h.deleteFileRatio >= 0.1 || h.deletedRowRatio >= 0.1))
    out.push({ operation: 'compact', why: `${plural(h.deleteFiles, 'delete file')} (${(h.deletedRowRatio * 100).toFixed(0)}% of rows deleted): scans join them against the data` });
  if (h.snapshots > 100 || (h.oldestSnapshotAgeMs !== null && h.oldestSnapshotAgeMs > WEEK_MS && h.snapshots > 1))
    out.push({ operation: 'expire', why: `${plural(h.snapshots, 'snapshot')}, the oldest ${((h.oldestSnapshotAgeMs ?? 0) / 86_400_000).toFixed(1)} days old: their files stay on disk` });
  if (h.manifests > 32 && h.manifests > h.dataFiles / 50)
    out.push({ operation: 'rewrite-manifests', why: `${plural(h.manifests, 'manifest')} for ${plural(h.dataFiles, 'data file')}: planning reads every one` });
  return out;
}

export async function tableHealth(io: FileIO, table: LoadedTable, now = Date.now()): Promise<TableHealth> {
  const meta = table.metadata;
  const snapshot = currentSnapshot(table);
  const manifests = snapshot ? await readManifests(io, snapshot) : [];
  const { data, deletes } = liveFiles(manifests);
  const target = targetFileBytes(meta, {});
  const dataBytes = data.reduce((n, f) => n + f.file.sizeBytes, 0);
  const rows = data.reduce((n, f) => n + f.file.recordCount, 0);
  const deletedRows = deletes.reduce((n, f) => n + f.file.recordCount, 0);
  const oldest = meta.snapshots.reduce<number | null>((m, s) => (m === null || s.timestampMs < m ? s.timestampMs : m), null);
  const h = {
    table: tableName(table.id),
    dataFiles: data.length,
    dataBytes,
    smallFiles: data.filter((f) => f.file.sizeBytes < target * 0.75).length,
    avgFileBytes: data.length ? Math.round(dataBytes / data.length) : 0,
    targetFileBytes: target,
    deleteFiles: deletes.length,
    deleteFileRatio: data.length ? deletes.length / data.length : 0,
    deletedRowRatio: rows ? Math.min(1, deletedRows / rows) : 0,
    snapshots: meta.snapshots.length,
    oldestSnapshotAgeMs: oldest === null ? null : Math.max(0, now - oldest),
    manifests: manifests.length,
  };
  return { ...h, suggestions: suggestions(h) };
}
