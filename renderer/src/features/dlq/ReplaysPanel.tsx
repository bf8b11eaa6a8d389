import { useEffect } from 'react';
import { formatCount } from '../../components/number-format';
import { useAction } from '../../components/use-action';
import { coreClient } from '../../stores/core-store';
import { useDlq } from '../../stores/dlq-store';
import { useTimeFormat } from '../../stores/time-zone-store';

/** Replay jobs: status and progress (a job survives a reload and a restart); resume an interrupted one, stop a running one. */
export function ReplaysPanel() {
  const { replays, loadReplays } = useDlq();
  const { busy, problem, run } = useAction();
  const time = useTimeFormat();

  useEffect(() => {
    void loadReplays();
    const timer = setInterval(() => void loadReplays(), 3000);
    return () => clearInterval(timer);
  }, [loadReplays]);

  if (replays.length === 0) return null;
  return (
    <section className="replays" data-testid="replays">
      <h2>Replays</h2>
      {problem && <div className="banner error small">{problem}</div>}
      <table className="grid">
        <thead>
          <tr><th>Replay</th><th>Status</th><th>Source</th><th>Target</th><th className="num">Sent</th><th className="num">Read</th><th>Created</th><th /></tr>
        </thead>
        <tbody>
          {replays.map((j) => (
            <tr key={j.id} data-testid="replay-row" data-id={j.id}>
              <td className="mono small">{j.id}</td>
              <td className="small" title={j.message ?? ''}>{j.status}{j.message && j.status !== 'done' ? `: ${j.message}` : ''}</td>
              <td className="mono small">{j.sourceTopic}</td>
              <td className="mono small">{j.spec.target.topic ?? '(source topics)'}</td>
              <td className="num">{formatCount(j.progress.sent)}</td>
              <td className="num">{formatCount(j.progress.read)}/{formatCount(j.progress.total)}</td>
              <td className="small">{time.format(Date.parse(j.createdAt))}</td>
              <td>
                {j.status === 'running' && <button className="btn small" onClick={() => void run(() => coreClient().call('replay.cancel', { id: j.id }))}>Stop</button>}
                {(j.status === 'interrupted' || j.status === 'cancelled' || j.status === 'failed') && (
                  <button className="btn small" disabled={busy} onClick={() => void run(() => coreClient().stream('replay.run', { id: j.id }, () => void loadReplays()))}>Resume</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
