import type { ConnectorSummary, TaskStatus } from '../../../../shared/model/connect';

const tone = (state: string) => (state === 'RUNNING' ? 'ok' : state === 'FAILED' ? 'err' : state === 'PAUSED' || state === 'STOPPED' || state === 'UNASSIGNED' || state === 'RESTARTING' ? 'warn' : '');

/** A connector's or task's state as a coloured badge. */
export function StateBadge(props: { state: string; testId?: string }) {
  return (
    <span className={`badge state ${tone(props.state)}`} data-testid={props.testId}>
      {props.state}
    </span>
  );
}

/** Every task as "id STATE", failed ones first in colour; "no tasks" when the worker assigned none. */
export function TaskStates(props: { tasks: TaskStatus[] }) {
  if (props.tasks.length === 0) return <span className="muted">no tasks</span>;
  return (
    <span className="task-states">
      {props.tasks.map((t) => (
        <span key={t.id} className={`badge state ${tone(t.state)}`} title={`task ${t.id} on ${t.workerId}`} data-testid="task-state">
          {t.id} {t.state}
        </span>
      ))}
    </span>
  );
}

/** Distinct workers a connector and its tasks run on. */
export function workersOf(c: ConnectorSummary): string[] {
  return [...new Set([c.workerId, ...c.tasks.map((t) => t.workerId)].filter(Boolean))];
}

/** The simple class name (the package is in the title). */
export const simpleClass = (className: string) => className.slice(className.lastIndexOf('.') + 1) || '—';
