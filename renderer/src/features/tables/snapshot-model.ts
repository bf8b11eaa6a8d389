import type { SnapshotView } from '../../../../shared/model/lake';

export interface SnapshotPoint {
  snapshotId: bigint;
  timestampMs: number;
  records: number | null;
  bytes: number | null;
}

const num = (s: string | undefined) => (s === undefined || s === '' || !Number.isFinite(Number(s)) ? null : Number(s));

/** Table size after each snapshot, oldest first, from the summary totals every engine writes. */
export function sizeSeries(snapshots: SnapshotView[]): SnapshotPoint[] {
  return [...snapshots]
    .sort((a, b) => a.timestampMs - b.timestampMs || Number(a.sequenceNumber - b.sequenceNumber))
    .map((s) => ({ snapshotId: s.snapshotId, timestampMs: s.timestampMs, records: num(s.summary['total-records']), bytes: num(s.summary['total-files-size']) }));
}

/** "+2 files, +1,000 records, −1 delete file" from a snapshot summary's added/removed counts. */
export function describeChanges(summary: Record<string, string>): string {
  const parts: string[] = [];
  const add = (key: string, sign: string, what: string) => {
    const n = num(summary[key]);
    if (n) parts.push(`${sign}${n.toLocaleString('en-US')} ${what}`);
  };
  add('added-data-files', '+', 'files');
  add('deleted-data-files', '−', 'files');
  add('added-records', '+', 'records');
  add('deleted-records', '−', 'records');
  add('added-delete-files', '+', 'delete files');
  add('removed-delete-files', '−', 'delete files');
  add('added-position-deletes', '+', 'position deletes');
  add('added-equality-deletes', '+', 'equality deletes');
  return parts.join(', ') || 'no file changes';
}
