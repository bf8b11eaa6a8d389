import type { MaintainReport } from '../../../../shared/model/maintain';
import { formatBytes, formatCount } from '../../components/number-format';
import { figureName } from './maintain-form';

const SHOWN = 200;

/** A list of names (files, snapshots), the first SHOWN of them, folded until opened. */
function NameList(props: { title: string; names: string[]; testId: string }) {
  if (props.names.length === 0) return null;
  return (
    <details className="maintain-list" data-testid={props.testId}>
      <summary>
        {props.title} ({formatCount(props.names.length)})
      </summary>
      <ul className="mono small">
        {props.names.slice(0, SHOWN).map((n) => (
          <li key={n}>{n}</li>
        ))}
        {props.names.length > SHOWN && <li className="muted">… and {formatCount(props.names.length - SHOWN)} more</li>}
      </ul>
    </details>
  );
}

/** What a maintenance operation did, or on a dry run would do: its sentence, its figures, and the names it touches. */
export function MaintainReportView(props: { report: MaintainReport; testId: string }) {
  const { report } = props;
  const figures = Object.entries(report.counts);
  return (
    <div className={`maintain-report ${report.dryRun ? 'plan' : 'done'}`} data-testid={props.testId}>
      <p className="maintain-message" data-testid={`${props.testId}-message`}>
        {report.message}
        {report.snapshotId && <span className="muted small"> · snapshot {report.snapshotId}{report.attempts > 1 ? ` (attempt ${report.attempts})` : ''}</span>}
      </p>
      {figures.length > 0 && (
        <dl className="maintain-figures">
          {figures.map(([k, v]) => (
            <div key={k} data-testid="maintain-figure" data-figure={k}>
              <dt>{figureName(k)}</dt>
              <dd className="mono">{/Bytes$/.test(k) ? formatBytes(v) : formatCount(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      <NameList title={report.dryRun ? 'Would remove' : 'Removed'} names={report.removed} testId={`${props.testId}-removed`} />
      <NameList title="Written" names={report.added} testId={`${props.testId}-added`} />
      <NameList title="Kept on purpose" names={report.kept.map((k) => `${k.what}: ${k.why}`)} testId={`${props.testId}-kept`} />
    </div>
  );
}
