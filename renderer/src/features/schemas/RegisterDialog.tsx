import { useEffect, useState } from 'react';
import type { CompatibilityReport, RegisterResult, SchemaDraft } from '../../../../shared/model/schemas';
import { Dialog, DialogActions } from '../../components/Dialog';
import { useAction } from '../../components/use-action';
import { coreClient } from '../../stores/core-store';
import { CompatibilityView } from './CompatibilityView';

/** Registering is its own, confirmed step: the dialog checks compatibility first and shows the verdict before the button. */
export function RegisterDialog(props: { profileId: string; subject: string; draft: SchemaDraft; onCancel: () => void; onRegistered: (r: RegisterResult) => void }) {
  const [report, setReport] = useState<CompatibilityReport | null>(null);
  const [result, setResult] = useState<RegisterResult | null>(null);
  const checking = useAction();
  const registering = useAction();
  const { profileId, subject, draft } = props;

  // The draft is fixed while the dialog is open: checked once.
  useEffect(() => {
    void checking.run(async () => setReport(await coreClient().call('schemas.check', { profileId, subject, draft })));
  }, []);

  const register = () => void registering.run(async () => setResult(await coreClient().call('schemas.register', { profileId, subject, draft })));

  return (
    <Dialog title={`Register under ${subject}`} className="wide" onClose={props.onCancel} testId="register-dialog">
      {checking.busy && (
        <p className="muted">
          <span className="spinner" /> Checking compatibility…
        </p>
      )}
      {checking.problem && <div className="problem err">{checking.problem}</div>}
      {report && !result && <CompatibilityView report={report} />}
      {report && !report.compatible && !result && <p className="warn small">The registry will refuse this schema under the subject's level.</p>}
      {registering.problem && (
        <div className="problem err" data-testid="register-error">
          {registering.problem}
        </div>
      )}
      {result && (
        <div data-testid="register-result">
          <p className="ok">
            {result.created ? `Registered as version ${result.version} (schema id ${result.id}).` : `Already registered as version ${result.version} (schema id ${result.id}): nothing new.`}
          </p>
          {result.notes.map((n) => (
            <p key={n} className="warn small">
              {n}
            </p>
          ))}
        </div>
      )}
      <DialogActions>
        {result ? (
          <button className="btn primary" onClick={() => props.onRegistered(result)} data-testid="register-done">
            Done
          </button>
        ) : (
          <>
            <button className="btn" onClick={props.onCancel}>
              Cancel
            </button>
            <button className="btn primary" onClick={register} disabled={!report || registering.busy} data-testid="register-confirm">
              {registering.busy ? <span className="spinner" /> : report && !report.compatible ? 'Register anyway' : 'Register'}
            </button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
