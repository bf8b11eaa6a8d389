import type { LiveFile } from '../lake/scan/delete-index';
import type { WrittenFile } from '../lake/writer/data-file';

const TOTALS = ['total-records', 'total-files-size', 'total-data-files', 'total-delete-files', 'total-position-deletes', 'total-equality-deletes'] as const;

/** The parent's snapshot totals moved by a rewrite; none when the parent has none (an older writer). */
export function continuedTotals(parent: Record<string, string>, change: { added: WrittenFile[]; removedData: LiveFile[]; removedDeletes: LiveFile[] }): Record<string, string> {
  if (!TOTALS.every((k) => parent[k] !== undefined)) return {};
  const sum = <T>(list: T[], f: (x: T) => number) => BigInt(list.reduce((n, x) => n + f(x), 0));
  const pos = change.removedDeletes.filter((d) => d.file.content === 'position-deletes');
  const eq = change.removedDeletes.filter((d) => d.file.content === 'equality-deletes');
  const delta: Record<(typeof TOTALS)[number], bigint> = {
    'total-records': sum(change.added, (f) => f.recordCount) - sum(change.removedData, (f) => f.file.recordCount),
    'total-files-size': sum(change.added, (f) => f.sizeBytes) - sum([...change.removedData, ...change.removedDeletes], (f) => f.file.sizeBytes),
    'total-data-files': BigInt(change.added.length - change.removedData.length),
    'total-delete-files': BigInt(-change.removedDeletes.length),
    'total-position-deletes': -sum(pos, (f) => f.file.recordCount),
    'total-equality-deletes': -sum(eq, (f) => f.file.recordCount),
  };
  return Object.fromEntries(TOTALS.map((k) => [k, String(BigInt(parent[k]!) + delta[k])]));
}
