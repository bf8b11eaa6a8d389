import { useEffect, useState } from 'react';
import type { FilterCheck, ScanRange } from '../../../../shared/model/messages';
import { coreClient } from '../../stores/core-store';
import { useMessages } from '../../stores/messages-store';
import { describeProgress, parseLocalTime } from './message-format';

export type RangeKind = 'all' | 'time' | 'offsets';

const offset = (text: string, what: string) => {
  const n = Number(text);
  if (!text.trim() || !Number.isInteger(n) || n < 0) throw new Error(`${what} must be an offset (a whole number ≥ 0)`);
  return n;
};

/** The scan range the form describes; an offset range applies to every chosen partition. */
export function scanRange(kind: RangeKind, from: string, to: string, partitions: number[]): ScanRange {
  if (kind === 'all') return { kind };
  if (kind === 'time') return { kind, from: parseLocalTime(from), ...(to ? { to: parseLocalTime(to) } : {}) };
  const each = (n: number) => Object.fromEntries(partitions.map((p) => [String(p), n]));
  const start = offset(from, 'From');
  const end = to.trim() ? offset(to, 'To') : undefined;
  if (end !== undefined && end <= start) throw new Error('To must be after From');
  return { kind, from: each(start), ...(end !== undefined ? { to: each(end) } : {}) };
}

/** A CEL filter (checked as you type, errors point at the column) and/or quick text, over a range. */
export function SearchBar(props: { partitions: number[] }) {
  const { search, stop, loading, mode, progress, partitions: chosen } = useMessages();
  const [filter, setFilter] = useState('');
  const [text, setText] = useState('');
  const [rangeKind, setRangeKind] = useState<RangeKind>('all');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [maxMatches, setMaxMatches] = useState('1000');
  const [check, setCheck] = useState<FilterCheck | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const searching = mode === 'search' && loading;

  useEffect(() => {
    if (!filter.trim()) return setCheck(null);
    const timer = setTimeout(() => {
      coreClient()
        .call('messages.checkFilter', { filter })
        .then(setCheck, (e: Error) => setCheck({ ok: false, message: e.message, line: 1, column: 1 }));
    }, 250);
    return () => clearTimeout(timer);
  }, [filter]);

  const run = () => {
    try {
      if (check && !check.ok) throw new Error('Fix the filter first');
      const range = scanRange(rangeKind, from, to, chosen ?? props.partitions);
      const max = Number(maxMatches);
      if (!Number.isInteger(max) || max < 1) throw new Error('Max matches must be a whole number ≥ 1');
      setProblem(null);
      void search(filter.trim() || undefined, text || undefined, range, max);
    } catch (e) {
      setProblem((e as Error).message);
    }
  };

  return (
    <div className="searchbar" data-testid="search-bar">
      <div className="toolbar wrap">
        <input
          type="text"
          className={`mono cel ${check && !check.ok ? 'invalid' : ''}`}
          placeholder={'CEL filter, e.g.  value.amount > 100 && headers["source"] == "web"'}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && run()}
          aria-label="CEL filter"
          data-testid="cel-filter"
        />
        <input type="search" placeholder="text in key, value, headers" value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && run()} style={{ width: 200 }} data-testid="text-filter" />
        <select value={rangeKind} onChange={(e) => (setRangeKind(e.target.value as RangeKind), setFrom(''), setTo(''))} data-testid="range-kind">
          <option value="all">everything retained</option>
          <option value="time">time window</option>
          <option value="offsets">offset range</option>
        </select>
        {rangeKind === 'offsets' && (
          <>
            <input type="text" placeholder="from offset" value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 110 }} data-testid="range-from" />
            <input type="text" placeholder="to (exclusive; empty: end)" value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 170 }} />
          </>
        )}
        {rangeKind === 'time' && (
          <>
            <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} data-testid="range-from" />
            <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} title="Empty: up to now" />
          </>
        )}
        <label title="Stop after this many matches">
          max
          <input type="text" value={maxMatches} onChange={(e) => setMaxMatches(e.target.value)} style={{ width: 80 }} />
        </label>
        {searching ? (
          <button className="btn danger" onClick={stop} data-testid="search-cancel">
            Cancel
          </button>
        ) : (
          <button className="btn primary" onClick={run} data-testid="search">
            Search
          </button>
        )}
      </div>
      {check && !check.ok && (
        <div className="problem err mono" data-testid="cel-error">
          line {check.line}, column {check.column}: {check.message}
        </div>
      )}
      {problem && <div className="problem err">{problem}</div>}
      {mode === 'search' && progress && (
        <div className="progress" data-testid="search-progress">
          <div className="bar">
            <div style={{ width: `${progress.total ? Math.min(100, (100 * progress.scanned) / progress.total) : 100}%` }} />
          </div>
          <span className="mono">{describeProgress(progress)}</span>
        </div>
      )}
    </div>
  );
}
