import { useState } from 'react';
import type { ConnectorDetail } from '../../../../shared/model/connect';
import { useAction } from '../../components/use-action';
import { connectTarget, useConnect } from '../../stores/connect-store';
import { coreClient } from '../../stores/core-store';
import { StateBadge } from './ConnectStates';

/** A connector's tasks: state and worker; a failed task's trace in full (its first line shown until opened); restart one task. */
export function ConnectorTasks(props: { profileId: string; detail: ConnectorDetail; onNotes: (notes: string[]) => void }) {
  const { profileId, detail } = props;
  const action = useAction();
  const [openTraces, setOpenTraces] = useState<Set<number>>(new Set());
  const toggle = (id: number) => setOpenTraces((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  const restart = (task: number) =>
    action.run(async () => {
      const result = await coreClient().call('connect.restartTask', { ...connectTarget(profileId), name: detail.name, task });
      props.onNotes(result.notes);
      await useConnect.getState().open(profileId, detail.name);
    });

  return (
    <section>
      <h2>Tasks</h2>
      {action.problem && <div className="problem err">{action.problem}</div>}
      {detail.tasks.length === 0 && <p className="muted">No tasks assigned.</p>}
      <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
        {detail.tasks.map((t) => {
          const full = openTraces.has(t.id);
          return (
            <div key={t.id} className={`task-card ${t.state === 'FAILED' ? 'failed' : ''}`} data-testid="task" data-task={t.id}>
              <div className="task-head">
                <strong>Task {t.id}</strong>
                <StateBadge state={t.state} />
                <span className="muted mono small">on {t.workerId || '—'}</span>
                <div style={{ flex: 1 }} />
                {t.trace && (
                  <button className="btn small" onClick={() => toggle(t.id)} data-testid="task-trace-toggle">
                    {full ? 'Fold trace' : `Full trace (${t.trace.split('\n').length} lines)`}
                  </button>
                )}
                <button className="btn small" onClick={() => void restart(t.id)} disabled={action.busy} data-testid="task-restart">
                  Restart task
                </button>
              </div>
              {t.trace && (full ? <pre className="trace" data-testid="task-trace">{t.trace}</pre> : <div className="mono small" data-testid="task-trace-head">{t.trace.split('\n')[0]}</div>)}
            </div>
          );
        })}
      </div>
    </section>
  );
}
