import { useEffect, useState } from 'react';
import { MAX_SEARCH_MATCHES, type FilterCheck } from '../../../../shared/model/messages';
import { coreClient } from '../../stores/core-store';
import { useMessages } from '../../stores/messages-store';
import { useTimeFormat } from '../../stores/time-zone-store';
import { TimeInput } from '../../components/TimeInput';
import { formatCount, parseWholeNumber } from '../../components/number-format';
import { describeProgress } from './message-format';
import { scanRange, type RangeKind } from './search-range';

/** A CEL filter (checked as you type, errors point at the column) and/or quick text, over a range. */
export function SearchBar(props: { partitions: number[] }) {
  const { search, stop, loading, mode, progress, partitions: chosen, partitionProblem, onlyUndecodable, setOnlyUndecodable } = useMessages();
  const time = useTimeFormat();
  const [filter, setFilter] = useState('');
  const [text, setText] = useState('');
  const [rangeKind, setRangeKind] = useState<RangeKind>('all');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [maxMatches, setMaxMatches] = useState('1000');
  const [check, setCheck] = useState<FilterCheck | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const searching = mode === 'search' && loading;

  // A problem found on the last click goes once what caused it changes (e.g. the Partitions box).
  useEffect(() => setProblem(null), [partitionProblem, filter, text, rangeKind, from, to, maxMatches]);

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
      if (partitionProblem) throw new Error(partitionProblem);
      const range = scanRange(rangeKind, from, to, chosen ?? props.partitions, time.parse);
      const max = parseWholeNumber(maxMatches);
      if (!Number.isInteger(max) || max < 1) throw new Error('Max matches must be a whole number ≥ 1');
      if (max > MAX_SEARCH_MATCHES) throw new Error(`Max matches is at most ${formatCount(MAX_SEARCH_MATCHES)}, the grid's row limit: narrow the filter or the range, or Export the matches to a file (any number)`);
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
            <TimeInput value={from} onChange={setFrom} onEnter={run} testId="range-from" />
            <TimeInput value={to} onChange={setTo} onEnter={run} optional testId="range-to" />
          </>
        )}
        <label title="Only records whose key or value could not be decoded, or that auto read as a plainer format (e.g. malformed JSON as text): in the grid now, and over the whole range when you Search">
          <input type="checkbox" checked={onlyUndecodable} onChange={(e) => setOnlyUndecodable(e.target.checked)} data-testid="only-undecodable" />
          only undecodable
        </label>
        <label title={`Stop after this many matches (at most ${formatCount(MAX_SEARCH_MATCHES)}, the grid's row limit)`}>
          max
          <input type="text" value={maxMatches} onChange={(e) => setMaxMatches(e.target.value)} style={{ width: 80 }} data-testid="max-matches" />
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
          <span className="mono">{describeProgress(progress, !searching)}</span>
        </div>
      )}
    </div>
  );
}
