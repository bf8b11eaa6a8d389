import { useState } from 'react';
import { COMPATIBILITY_LEVELS, type CompatibilityLevel, type CompatibilityReport, type RegisterResult, type SchemaDiff, type SchemaReference, type SchemaType } from '../../../../shared/model/schemas';
import type { IcebergPreview } from '../../../../shared/model/iceberg-preview';
import { useAction } from '../../components/use-action';
import { coreClient } from '../../stores/core-store';
import { CompatibilityView, DiffSummary } from './CompatibilityView';
import { DiffEditor } from './DiffEditor';
import { IcebergPreviewView } from './IcebergPreviewView';
import { formatSchema } from './draft-model';
import { RegisterDialog } from './RegisterDialog';
import { SchemaEditor } from './SchemaEditor';
import { useDraft } from './use-draft';

/**
 * Editing a draft for a subject: markers as you type, format, check compatibility (under the subject's
 * level or "what if" another), diff against the latest version, and register as a separate, confirmed step.
 */
export function DraftPanel(props: {
  profileId: string;
  subject: string;
  schemaType: SchemaType;
  initial: { text: string; references: SchemaReference[] };
  /** The latest registered text, to diff against; absent for a new subject. */
  latest?: { version: number; text: string };
  onRegistered: (result: RegisterResult) => void;
}) {
  const d = useDraft(props.profileId, props.schemaType, props.initial);
  const [reveal, setReveal] = useState<{ line: number; column: number; seq: number } | undefined>();
  const [whatIf, setWhatIf] = useState<CompatibilityLevel | ''>('');
  const [report, setReport] = useState<CompatibilityReport | null>(null);
  const [diff, setDiff] = useState<{ result: SchemaDiff; before: string; after: string } | null>(null);
  const [registering, setRegistering] = useState(false);
  const [iceberg, setIceberg] = useState<IcebergPreview | null>(null);
  const action = useAction();

  const check = () =>
    action.run(async () => {
      setDiff(null);
      setIceberg(null);
      setReport(await coreClient().call('schemas.check', { profileId: props.profileId, subject: props.subject, draft: d.draft, ...(whatIf ? { level: whatIf } : {}) }));
    });
  const compare = () =>
    action.run(async () => {
      if (!props.latest) return;
      setReport(null);
      setIceberg(null);
      const result = await coreClient().call('schemas.diff', {
        profileId: props.profileId,
        before: { subject: props.subject, version: props.latest.version },
        after: { draft: d.draft },
      });
      setDiff({ result, before: formatSchema(props.schemaType, props.latest.text), after: d.text });
    });

  const preview = (message?: string) =>
    action.run(async () => {
      setReport(null);
      setDiff(null);
      setIceberg(await coreClient().call('schemas.icebergPreview', { profileId: props.profileId, source: { draft: d.draft }, ...(message ? { message } : {}) }));
    });

  const errors = d.validation?.markers ?? [];
  return (
    <div className="draft-panel" data-testid="draft-panel">
      <div className="toolbar slim">
        <span className="small" data-testid="draft-status">
          {d.validating ? <span className="spinner" /> : d.valid ? <span className="ok">valid</span> : <span className="err">{errors.filter((m) => m.severity === 'error').length || ''} problem(s)</span>}
        </span>
        <button className="btn small" onClick={() => d.replace(formatSchema(props.schemaType, d.text))} data-testid="draft-format">
          Format
        </button>
        <div style={{ flex: 1 }} />
        <select value={whatIf} style={{ width: 220 }} onChange={(e) => setWhatIf(e.target.value as CompatibilityLevel | '')} aria-label="Compatibility level to check under" data-testid="what-if-level">
          <option value="">under the subject's level</option>
          {COMPATIBILITY_LEVELS.map((l) => (
            <option key={l} value={l}>
              what if {l}
            </option>
          ))}
        </select>
        <button className="btn small" onClick={() => void check()} disabled={!d.valid || !props.subject || action.busy} data-testid="draft-check">
          Check compatibility
        </button>
        {props.latest && (
          <button className="btn small" onClick={() => void compare()} disabled={!d.valid || action.busy} data-testid="draft-diff">
            Diff with version {props.latest.version}
          </button>
        )}
        <button className="btn small" onClick={() => void preview()} disabled={!d.valid || action.busy} data-testid="draft-iceberg">
          Iceberg columns
        </button>
        <button className="btn small primary" onClick={() => setRegistering(true)} disabled={!d.valid || !props.subject || action.busy} data-testid="draft-register">
          Register…
        </button>
      </div>
      <div className="draft-body">
        <SchemaEditor schemaType={props.schemaType} load={d.load} onChange={d.setText} markers={errors} reveal={reveal} testId="draft-editor" />
        <div className="draft-side">
          <label className="small muted">
            References (name = subject:version, one per line)
            <textarea className="mono small" rows={3} value={d.refsText} onChange={(e) => d.setRefsText(e.target.value)} data-testid="draft-references" />
          </label>
          {d.refsProblem && <div className="err small">{d.refsProblem}</div>}
          {errors.length > 0 && (
            <ul className="markers" data-testid="draft-markers">
              {errors.map((m, i) => (
                <li key={i} className={m.severity === 'error' ? 'err' : 'warn'} onClick={() => setReveal({ line: m.line, column: m.column, seq: Date.now() })}>
                  <span className="mono">
                    {m.line}:{m.column}
                  </span>{' '}
                  {m.message}
                </li>
              ))}
            </ul>
          )}
          {action.problem && <div className="err small">{action.problem}</div>}
          {report && <CompatibilityView report={report} />}
          {diff && <DiffSummary diff={diff.result} />}
          {iceberg && <IcebergPreviewView preview={iceberg} onMessage={(m) => void preview(m)} />}
        </div>
      </div>
      {diff && <DiffEditor schemaType={props.schemaType} before={diff.before} after={diff.after} />}
      {registering && (
        <RegisterDialog
          profileId={props.profileId}
          subject={props.subject}
          draft={d.draft}
          onCancel={() => setRegistering(false)}
          onRegistered={(r) => (setRegistering(false), props.onRegistered(r))}
        />
      )}
    </div>
  );
}
