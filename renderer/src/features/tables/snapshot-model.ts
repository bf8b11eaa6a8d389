import type { SnapshotView, TableView } from '../../../../shared/model/lake';
import { formatCount } from '../../components/number-format';

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

/** What the diff compares when it opens: the current snapshot's parent → the current one, matched by the table's identifier fields. */
export function diffDefaults(view: TableView, snapshots: SnapshotView[]): { from: bigint | null; to: bigint | null; keys: string[] } {
  const byTime = [...snapshots].sort((a, b) => a.timestampMs - b.timestampMs || Number(a.sequenceNumber - b.sequenceNumber));
  const to = byTime.find((s) => s.snapshotId === view.currentSnapshotId) ?? byTime.at(-1);
  if (!to) return { from: null, to: null, keys: [] };
  const parent = byTime.find((s) => s.snapshotId === to.parentSnapshotId);
  // Without a known parent (expired, or the first snapshot of a branch), the snapshot before it in time.
  const from = parent ?? byTime.filter((s) => s.timestampMs <= to.timestampMs && s.snapshotId !== to.snapshotId).at(-1) ?? null;
  const columns = new Set(view.schema.map((f) => f.name));
  return { from: from?.snapshotId ?? null, to: to.snapshotId, keys: view.identifierFields.filter((k) => columns.has(k)) };
}

/**
 * How many rows a snapshot holds, from its summary: total records less position deletes (each removes one row).
 * Equality deletes can remove any number of rows, so with them the count is an upper bound. Null without totals.
 */
export function snapshotRows(summary: Record<string, string>): { rows: number; exact: boolean; text: string } | null {
  const records = num(summary['total-records']);
  if (records === null) return null;
  const positional = num(summary['total-position-deletes']) ?? 0;
  const equality = num(summary['total-equality-deletes']) ?? 0;
  const rows = Math.max(0, records - positional);
  const count = formatCount(rows);
  const deletes = [positional ? `${formatCount(positional)} deleted by position` : '', equality ? `${formatCount(equality)} equality deletes not counted` : ''].filter(Boolean).join(', ');
  const text = `${equality ? 'at most ' : ''}${count} row(s)${deletes ? ` (${formatCount(records)} records, ${deletes})` : ''}`;
  return { rows, exact: equality === 0, text };
}

/** Round axis ticks from 0 to at least `max`: steps of 1, 2 or 5 × 10^k, about `count` of them. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  // The last tick is the first at or above max.
  for (let i = 0; i === 0 || ticks.at(-1)! < max; i++) ticks.push(Math.round(i * step * 1e9) / 1e9);
  return ticks;
}
