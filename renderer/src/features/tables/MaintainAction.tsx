import { useState, type ReactNode } from 'react';
import type { MaintainOperation, MaintainReport } from '../../../../shared/model/maintain';
import { useAction } from '../../components/use-action';
import { useMaintain, type MaintainRequests } from '../../stores/maintain-store';
import { hasWork, matchesPlan, type Parsed } from './maintain-form';
import { MaintainReportView } from './MaintainReportView';

interface Props<Op extends MaintainOperation> {
  operation: Op;
  title: string;
  /** What the operation does, in a sentence. */
  about: string;
  /** Floe suggests it (from the health figures): why. */
  suggested?: string | undefined;
  /** The fields, as the caller shows them. */
  children: ReactNode;
  /** The fields as a request, or what is wrong with them. */
  parsed: Parsed<MaintainRequests[Op]>;
  confirmLabel: string;
  /** The table's catalog is opened read-only: dry runs only. */
  readOnly: boolean;
}

/**
 * One maintenance operation: a dry run first, which says exactly what would be done; then a confirm button runs it
 * with the same settings (changing a field asks for a new dry run) and shows what was done.
 */
export function MaintainAction<Op extends MaintainOperation>(props: Props<Op>) {
  const run = useMaintain((s) => s.run);
  const action = useAction();
  const [plan, setPlan] = useState<{ key: string; report: MaintainReport } | null>(null);
  const [result, setResult] = useState<{ report: MaintainReport; asPlanned: boolean } | null>(null);
  const request = 'request' in props.parsed ? props.parsed.request : null;
  const key = JSON.stringify(request);
  const current = plan && plan.key === key ? plan.report : null;
  const id = `maintain-${props.operation}`;

  const dryRun = async () => {
    if (!request) return;
    setResult(null);
    const report = await action.run(() => run(props.operation, { ...request, dryRun: true }));
    setPlan(report ? { key, report } : null);
  };
  const confirm = async () => {
    if (!request || !current) return;
    const report = await action.run(() => run(props.operation, { ...request, dryRun: false }));
    if (report) {
      setPlan(null);
      setResult({ report, asPlanned: matchesPlan(current, report) });
    }
  };

  return (
    <section className={`card maintain-action${props.suggested ? ' suggested' : ''}`} data-testid={id}>
      <div className="row">
        <b>{props.title}</b>
        {props.suggested && (
          <span className="badge suggested-badge" title={props.suggested}>
            suggested
          </span>
        )}
      </div>
      <p className="muted small maintain-about">{props.about}</p>
      <form
        className="row wrap maintain-fields"
        onSubmit={(e) => {
          e.preventDefault();
          void dryRun();
        }}
      >
        {props.children}
        <button type="submit" className="btn" disabled={action.busy || !request} data-testid={`${id}-dry-run`}>
          {action.busy && !current ? <span className="spinner" /> : null} Dry run
        </button>
      </form>
      {'problem' in props.parsed && <div className="problem err">{props.parsed.problem}</div>}
      {action.problem && (
        <div className="banner error maintain-error" data-testid={`${id}-error`}>
          {action.problem}
        </div>
      )}
      {current && (
        <>
          <MaintainReportView report={current} testId={`${id}-plan`} />
          {hasWork(current) && !props.readOnly && (
            <div className="row">
              <button className="btn primary" onClick={() => void confirm()} disabled={action.busy} data-testid={`${id}-confirm`}>
                {action.busy ? <span className="spinner" /> : null} {props.confirmLabel}
              </button>
              <button className="btn" onClick={() => setPlan(null)} disabled={action.busy}>
                Cancel
              </button>
            </div>
          )}
        </>
      )}
      {result && !result.asPlanned && (
        <p className="warn small" data-testid={`${id}-not-as-planned`}>
          The table changed between the dry run and the run (another writer committed), so this differs from the dry run: it is what was done.
        </p>
      )}
      {result && <MaintainReportView report={result.report} testId={`${id}-result`} />}
    </section>
  );
}
