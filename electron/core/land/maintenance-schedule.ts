import type { LandMaintenance, LandMaintenanceOperation, LandMaintenanceStatus } from '../../../shared/model/land';
import { formatDuration } from '../../../shared/maintain-units';
import type { TableMetadata } from '../lake/spec/metadata';
import { ancestors } from '../lake/spec/snapshot-select';

/** What the schedule looks at: cheap figures of the table as the job last committed it. */
export interface MaintenanceFacts {
  now: number;
  /** Operations that never ran count their interval from here (the job's start). */
  startedAtMs: number;
  /** Data files added since the last compaction (each landing commit adds small ones). */
  filesSinceCompact: number;
  snapshots: number;
  oldestSnapshotMs: number | null;
  /** Manifests the current snapshot lists. */
  manifests: number;
}

export interface DueOperation {
  operation: LandMaintenanceOperation;
  why: string;
}

/** An operation that failed waits this long before it is tried again (unless its interval is longer). */
export const RETRY_AFTER_FAILURE_MS = 10 * 60_000;

/** Which operations are due, in the order they run: compaction, manifest rewrite, expiry, orphan removal. */
export function dueMaintenance(m: LandMaintenance, last: LandMaintenanceStatus['last'], f: MaintenanceFacts): DueOperation[] {
  if (!m.enabled) return [];
  const since = (op: LandMaintenanceOperation) => f.now - (last[op]?.atMs ?? f.startedAtMs);
  const resting = (op: LandMaintenanceOperation, everyMs: number) => last[op]?.ok === false && since(op) < Math.min(everyMs, RETRY_AFTER_FAILURE_MS);
  const due: DueOperation[] = [];
  if (!resting('compact', m.compactEveryMs)) {
    if (f.filesSinceCompact >= m.compactFiles) due.push({ operation: 'compact', why: `${f.filesSinceCompact} data files since the last compaction (compacts at ${m.compactFiles})` });
    else if (f.filesSinceCompact >= 2 && since('compact') >= m.compactEveryMs)
      due.push({ operation: 'compact', why: `${formatDuration(m.compactEveryMs)} since the last compaction; ${f.filesSinceCompact} data files added` });
  }
  if (f.manifests > m.maxManifests && !resting('rewrite-manifests', m.compactEveryMs))
    due.push({ operation: 'rewrite-manifests', why: `${f.manifests} manifests (rewritten above ${m.maxManifests})` });
  const cutoff = f.now - m.expireOlderThanMs;
  if (since('expire') >= m.expireEveryMs && f.snapshots > m.retainLast && f.oldestSnapshotMs !== null && f.oldestSnapshotMs < cutoff)
    due.push({ operation: 'expire', why: `${f.snapshots} snapshots, some older than ${formatDuration(m.expireOlderThanMs)} (keeping the last ${m.retainLast})` });
  if (since('orphans') >= m.orphansEveryMs) due.push({ operation: 'orphans', why: `${formatDuration(m.orphansEveryMs)} since the last orphan removal` });
  return due;
}

/**
 * Data files added by the snapshots after the last compaction (walking back from the current one), and not before
 * `sinceMs` (the job's last compaction run: one that found nothing worth rewriting is not retried for the same files).
 */
export function filesSinceCompaction(meta: TableMetadata, sinceMs = 0): number {
  let n = 0;
  for (const s of ancestors(meta, meta.currentSnapshotId)) {
    if (s.timestampMs < sinceMs) break;
    // Floe's compaction, or another engine's (a replace that removed data files).
    if (s.summary['floe.maintain'] === 'compact' || (s.summary.operation === 'replace' && Number(s.summary['deleted-data-files'] ?? 0) > 0)) break;
    n += Number(s.summary['added-data-files'] ?? 0);
  }
  return n;
}
