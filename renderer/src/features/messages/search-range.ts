import type { ScanRange } from '../../../../shared/model/messages';
import { parseWholeNumber } from '../../components/number-format';

export type RangeKind = 'all' | 'time' | 'offsets';

const offset = (text: string, what: string) => {
  const n = parseWholeNumber(text);
  if (!Number.isInteger(n)) throw new Error(`${what} must be an offset (a whole number ≥ 0)`);
  return n;
};

/** The scan range the form describes; an offset range applies to every chosen partition; times are read by `parseTime`. */
export function scanRange(kind: RangeKind, from: string, to: string, partitions: number[], parseTime: (text: string) => number): ScanRange {
  if (kind === 'all') return { kind };
  if (kind === 'time') {
    const start = parseTime(from);
    const end = to.trim() ? parseTime(to) : undefined;
    if (end !== undefined && end <= start) throw new Error('The time window must end after it starts');
    return { kind, from: start, ...(end !== undefined ? { to: end } : {}) };
  }
  const each = (n: number) => Object.fromEntries(partitions.map((p) => [String(p), n]));
  const start = offset(from, 'From');
  const end = to.trim() ? offset(to, 'To') : undefined;
  if (end !== undefined && end <= start) throw new Error('To must be after From');
  return { kind, from: each(start), ...(end !== undefined ? { to: each(end) } : {}) };
}
