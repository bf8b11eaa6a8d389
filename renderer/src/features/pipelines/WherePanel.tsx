import { useState } from 'react';
import type { LandWhere } from '../../../../shared/model/land';
import { coreClient } from '../../stores/core-store';
import { useAction } from '../../components/use-action';
import { parseWholeNumber } from '../../components/number-format';
import { useTimeFormat } from '../../stores/time-zone-store';

/** "Did offset X of partition P land, in which snapshot?" — asked of the table's snapshot history (land.where). */
export function WherePanel(props: { jobId: string; partitions: number[]; partition: number | null; onPartition: (p: number) => void }) {
  const [offset, setOffset] = useState('');
  const [answer, setAnswer] = useState<LandWhere | null>(null);
  const { busy, problem, setProblem, run } = useAction();
  const time = useTimeFormat();
  const partition = props.partition ?? props.partitions[0] ?? 0;

  const ask = async () => {
    const n = parseWholeNumber(offset);
    if (Number.isNaN(n)) return setProblem('Enter an offset: a whole number ≥ 0, e.g. 1,093');
    setAnswer(null);
    const found = await run(() => coreClient().call('land.where', { job: props.jobId, partition, offset: n }));
    if (found) setAnswer(found);
  };

  return (
    <section className="card where" data-testid="where-panel">
      <b>Did an offset land?</b>
      <div className="row wrap where-form">
        <label>
          Partition{' '}
          <select value={partition} onChange={(e) => props.onPartition(Number(e.target.value))} data-testid="where-partition">
            {props.partitions.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          Offset <input type="text" className="mono" value={offset} onChange={(e) => setOffset(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void ask()} placeholder="e.g. 1,093" data-testid="where-offset" />
        </label>
        <button className="btn" onClick={() => void ask()} disabled={busy} data-testid="where-ask">
          {busy ? <span className="spinner" /> : 'Ask the table'}
        </button>
      </div>
      {problem && <div className="problem err" data-testid="where-problem">{problem}</div>}
      {answer && (
        <div className={`where-answer ${answer.landed ? 'ok' : 'warn'}`} data-testid="where-answer" data-landed={answer.landed}>
          <b>{answer.landed ? 'Landed' : 'Not landed yet'}</b>
          {answer.landed && answer.snapshotId && (
            <span>
              {' '}
              in snapshot <span className="mono" data-testid="where-snapshot">{answer.snapshotId}</span>
              {answer.committedAtMs !== null && <> at {time.formatWithZone(answer.committedAtMs)}</>}
            </span>
          )}
          <div className="muted small">{time.localize(answer.message)}</div>
        </div>
      )}
    </section>
  );
}
