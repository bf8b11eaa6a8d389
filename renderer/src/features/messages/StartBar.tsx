import { useState } from 'react';
import type { StartPosition } from '../../../../shared/model/messages';
import { useMessages } from '../../stores/messages-store';
import { parseLocalTime, parsePartitions } from './message-format';

type Kind = 'latest' | 'beginning' | 'offset' | 'timestamp' | 'group';

/** Where to start reading: partitions, a start position, then page back and forth or follow live. */
export function StartBar(props: { partitions: number[] }) {
  const { read, next, prev, tail, stop, page, mode, loading, setPartitions } = useMessages();
  const [kind, setKind] = useState<Kind>('latest');
  const [arg, setArg] = useState('');
  const [partitionText, setPartitionText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const start = (): StartPosition => {
    if (kind === 'beginning') return { kind };
    if (kind === 'latest') return { kind, count: arg ? Number(arg) : 200 };
    if (kind === 'offset') {
      const offset = Number(arg);
      if (!arg || !Number.isInteger(offset) || offset < 0) throw new Error('Enter an offset (a whole number ≥ 0)');
      return { kind, offset };
    }
    if (kind === 'timestamp') return { kind, timestamp: parseLocalTime(arg) };
    if (!arg.trim()) throw new Error('Enter a consumer group id');
    return { kind, groupId: arg.trim() };
  };

  const go = (action: () => Promise<void>) => {
    try {
      setPartitions(parsePartitions(partitionText, props.partitions));
      setProblem(null);
      void action();
    } catch (e) {
      setProblem((e as Error).message);
    }
  };

  return (
    <div className="toolbar wrap" data-testid="start-bar">
      <label>
        Partitions
        <input type="text" placeholder="all" value={partitionText} onChange={(e) => setPartitionText(e.target.value)} style={{ width: 90 }} data-testid="partitions-input" />
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
      {kind !== 'beginning' && (
        <input
          type={kind === 'timestamp' ? 'datetime-local' : 'text'}
          step={kind === 'timestamp' ? 1 : undefined}
          placeholder={{ latest: '200', offset: 'offset', timestamp: '', group: 'group id', beginning: '' }[kind]}
          value={arg}
          onChange={(e) => setArg(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && go(() => read(start()))}
          style={{ width: kind === 'timestamp' ? 210 : 140 }}
          data-testid="start-arg"
        />
      )}
      <button className="btn primary" onClick={() => go(() => read(start()))} disabled={loading && mode === 'page'} data-testid="read">
        Read
      </button>
      <button className="btn" onClick={() => void prev()} disabled={mode !== 'page' || !page?.prev} title="Older records" data-testid="page-prev">
        ← Older
      </button>
      <button className="btn" onClick={() => void next()} disabled={mode !== 'page' || !page?.next} title="Newer records" data-testid="page-next">
        Newer →
      </button>
      {mode === 'tail' ? (
        <button className="btn danger" onClick={stop} data-testid="tail-stop">
          Stop live tail
        </button>
      ) : (
        <button className="btn" onClick={() => go(tail)} data-testid="tail">
          Live tail
        </button>
      )}
      {problem && <span className="err" data-testid="start-problem">{problem}</span>}
    </div>
  );
}
