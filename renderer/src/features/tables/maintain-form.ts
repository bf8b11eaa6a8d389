// The maintenance fields on the table page as typed, turned into requests (or the reason they are not one), and the
// report figures named for people.
import type { MaintainReport } from '../../../../shared/model/maintain';
import type { MaintainRequests } from '../../stores/maintain-store';
import { formatDuration, parseDuration, parseSize } from '../../../../shared/maintain-units';
import { parseWholeNumber } from '../../components/number-format';

export type Parsed<T> = { request: T } | { problem: string };

/** The least safety age orphan removal accepts (the core refuses less): a writer may be about to commit newer files. */
export const MIN_ORPHAN_AGE_MS = 60_000;

export const DEFAULTS = {
  compact: { targetFileSize: '' },
  expire: { olderThan: '5d', retainLast: '1' },
  orphans: { olderThan: formatDuration(3 * 86_400_000) },
  'rewrite-manifests': { entriesPerManifest: '100000' },
};

export function compactRequest(f: { targetFileSize: string }): Parsed<MaintainRequests['compact']> {
  if (f.targetFileSize.trim() === '') return { request: {} };
  const bytes = parseSize(f.targetFileSize);
  if (bytes === null) return { problem: `Target file size: say a size such as 128m, 512k or 1g, not "${f.targetFileSize}"` };
  if (bytes < 1024) return { problem: 'Target file size: at least 1k' };
  return { request: { targetFileBytes: bytes } };
}

export function expireRequest(f: { olderThan: string; retainLast: string }): Parsed<MaintainRequests['expire']> {
  const olderThanMs = parseDuration(f.olderThan);
  if (olderThanMs === null) return { problem: `Older than: say a duration such as 7d, 36h, 90m or 30s, not "${f.olderThan}"` };
  const retainLast = parseWholeNumber(f.retainLast);
  if (!(retainLast >= 1)) return { problem: `Retain last: say how many of the newest snapshots always stay (1 or more), not "${f.retainLast}"` };
  return { request: { olderThanMs, retainLast } };
}

export function orphansRequest(f: { olderThan: string }): Parsed<MaintainRequests['orphans']> {
  const olderThanMs = parseDuration(f.olderThan);
  if (olderThanMs === null) return { problem: `Safety age: say a duration such as 3d, 36h or 90m, not "${f.olderThan}"` };
  if (olderThanMs < MIN_ORPHAN_AGE_MS) return { problem: 'Safety age: at least 1m (a writer may be about to commit newer files)' };
  return { request: { olderThanMs } };
}

export function rewriteManifestsRequest(f: { entriesPerManifest: string }): Parsed<MaintainRequests['rewrite-manifests']> {
  const n = parseWholeNumber(f.entriesPerManifest);
  if (!(n >= 1)) return { problem: `Entries per manifest: say a whole number, 1 or more, not "${f.entriesPerManifest}"` };
  return { request: { entriesPerManifest: n } };
}

const FIGURES: Record<string, string> = {
  filesBefore: 'Data files before',
  rewrittenFiles: 'Data files rewritten',
  droppedDeleteFiles: 'Delete files folded in',
  filesAfter: 'Data files after',
  addedFiles: 'Data files written',
  snapshotsBefore: 'Snapshots before',
  expiredSnapshots: 'Snapshots expired',
  snapshotsAfter: 'Snapshots after',
  deletedFiles: 'Files deleted',
  listedFiles: 'Files listed',
  referencedFiles: 'Files named by any snapshot',
  orphanFiles: 'Orphan files',
  orphanBytes: 'Orphan bytes',
  youngUnreferencedFiles: 'Unreferenced, younger than the safety age',
  manifestsBefore: 'Manifests before',
  manifestsAfter: 'Manifests after',
};

/** A report figure's name for people (an unknown one spelled out from its camelCase). */
export function figureName(key: string): string {
  return FIGURES[key] ?? key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}

/** Whether confirming a dry run would change anything: it names something to remove (files, snapshots or manifests). */
export function hasWork(plan: MaintainReport): boolean {
  return plan.removed.length > 0;
}

/** Whether a run did what its dry run said: the same names removed (another writer committing in between changes them). */
export function matchesPlan(plan: MaintainReport, done: MaintainReport): boolean {
  const a = [...plan.removed].sort();
  const b = [...done.removed].sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
