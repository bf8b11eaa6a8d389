import { useEffect, useState } from 'react';
import type { StartPosition } from '../../../../shared/model/messages';
import { useMessages } from '../../stores/messages-store';
import { useTimeFormat } from '../../stores/time-zone-store';
import { TimeInput } from '../../components/TimeInput';
import { parseWholeNumber } from '../../components/number-format';
import { parsePartitions, samePartitions } from './message-format';

type Kind = 'latest' | 'beginning' | 'offset' | 'timestamp' | 'group';

/** Where to start reading: partitions, a start position, then page back and forth or follow live. */
export function StartBar(props: { partitions: number[] }) {
  const { read, next, prev, tail, stop, page, mode, loading, setPartitions, partitionText, partitionProblem, partitions, pagePartitions } = useMessages();
  const time = useTimeFormat();
  const [kind, setKind] = useState<Kind>('latest');
  const [arg, setArg] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const startBox = useMessages((s) => s.startBox);
  useEffect(() => {
    if (!startBox) return;
    setKind(startBox.kind);
    setArg(startBox.arg);
  }, [startBox]);
  // Older/Newer continue the page's own positions: after the box changed, Read first.
  const pageMatchesBox = samePartitions(pagePartitions, partitions);

  const start = (): StartPosition => {
    if (kind === 'beginning') return { kind };
    if (kind === 'latest') {
      const count = arg.trim() ? parseWholeNumber(arg) : 200;
      if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new Error('Latest N must be a whole number from 1 to 10,000');
      return { kind, count };
    }
    if (kind === 'offset') {
      const offset = parseWholeNumber(arg);
      if (!Number.isInteger(offset)) throw new Error('Enter an offset (a whole number ≥ 0)');
      return { kind, offset };
    }
    if (kind === 'timestamp') return { kind, timestamp: time.parse(arg) };
    if (!arg.trim()) throw new Error('Enter a consumer group id');
    return { kind, groupId: arg.trim() };
  };

  const go = (action: 'read' | 'tail') => {
    try {
      if (partitionProblem) throw new Error(partitionProblem);
      const work = action === 'read' ? read(start()) : tail();
      setProblem(null);
      void work;
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  const onPartitions = (text: string) => {
    try {
      setPartitions(text, parsePartitions(text, props.partitions));
    } catch (e) {
      setPartitions(text, null, (e as Error).message);
    }
  };

  return (
    <div className="toolbar wrap" data-testid="start-bar">
      <label title="Empty: all partitions. Read, Search, Live tail and Export use what this box shows.">
        Partitions
        <input type="text" className={partitionProblem ? 'invalid' : ''} placeholder="all" value={partitionText} onChange={(e) => onPartitions(e.target.value)} style={{ width: 90 }} data-testid="partitions-input" />
      </label>
      <label>
        From
        <select value={kind} onChange={(e) => (setKind(e.target.value as Kind), setArg(''))} data-testid="start-kind">
          <option value="latest">latest N</option>
          <option value="beginning">beginning</option>
          <option value="offset">offset</option>
          <option value="timestamp">timestamp</option>
          <option value="group">group's committed offset</option>
        </select>
      </label>
      {kind === 'timestamp' && <TimeInput value={arg} onChange={setArg} onEnter={() => go('read')} testId="start-arg" />}
      {kind !== 'beginning' && kind !== 'timestamp' && (
        <input
          type="text"
          placeholder={{ latest: '200', offset: 'offset', group: 'group id' }[kind]}
          value={arg}
          onChange={(e) => setArg(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && go('read')}
          style={{ width: 140 }}
          data-testid="start-arg"
        />
      )}
      <button className="btn primary" onClick={() => go('read')} disabled={loading && mode === 'page'} data-testid="read">
        Read
      </button>
      <button className="btn" onClick={() => void prev()} disabled={mode !== 'page' || !page?.prev || !pageMatchesBox} title={pageMatchesBox ? 'Older records' : 'The partitions changed: Read first'} data-testid="page-prev">
        ← Older
      </button>
      <button className="btn" onClick={() => void next()} disabled={mode !== 'page' || !page?.next || !pageMatchesBox} title={pageMatchesBox ? 'Newer records' : 'The partitions changed: Read first'} data-testid="page-next">
        Newer →
      </button>
      {mode === 'tail' ? (
        <button className="btn danger" onClick={stop} data-testid="tail-stop">
          Stop live tail
        </button>
      ) : (
        <button className="btn" onClick={() => go('tail')} data-testid="tail">
          Live tail
        </button>
      )}
      {(partitionProblem ?? problem) && (
        <span className="err" data-testid="start-problem">
          {partitionProblem ?? problem}
        </span>
      )}
    </div>
  );
}
