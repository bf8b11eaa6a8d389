import { useState } from 'react';
import { MASKED, type ConfigValidation, type ConnectorDetail } from '../../../../shared/model/connect';
import { useAction } from '../../components/use-action';
import { connectTarget, useConnect } from '../../stores/connect-store';
import { coreClient } from '../../stores/core-store';
import { parseConfig, ValidationVerdict } from './ConfigValidation';

/** The connector's config (secrets masked); edit it as JSON, checked by the plugin's own validation, saved only when it finds no error. */
export function ConnectorConfig(props: { profileId: string; detail: ConnectorDetail }) {
  const { profileId, detail } = props;
  const [text, setText] = useState<string | null>(null);
  const [validation, setValidation] = useState<ConfigValidation | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const entries = Object.entries(detail.config).sort(([a], [b]) => a.localeCompare(b));

  const check = (save: boolean) =>
    action.run(async () => {
      const config = parseConfig(text ?? '{}');
      const target = { ...connectTarget(profileId), name: detail.name, config };
      if (!save) return setValidation(await coreClient().call('connect.validate', target));
      const result = await coreClient().call('connect.save', { ...target, mode: 'update' });
      setValidation(result.validation);
      if (!result.saved) return;
      setSaved('Saved: the worker restarts the connector with the new config.');
      setText(null);
      await useConnect.getState().open(profileId, detail.name);
    });

  return (
    <section>
      <div style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
        <h2>Config</h2>
        <span className="muted small">{detail.maskedKeys.length > 0 ? `${detail.maskedKeys.length} secret${detail.maskedKeys.length > 1 ? 's' : ''} masked` : ''}</span>
        <div style={{ flex: 1 }} />
        {text === null && (
          <button className="btn small" onClick={() => (setText(JSON.stringify(detail.config, null, 2)), setValidation(null), setSaved(null))} data-testid="config-edit">
            Edit config
          </button>
        )}
      </div>
      {saved && <div className="problem" data-testid="config-saved">{saved}</div>}
      {text === null ? (
        <table className="grid config-table" data-testid="connector-config">
          <tbody>
            {entries.map(([k, v]) => (
              <tr key={k} data-key={k}>
                <td className="mono small">{k}</td>
                <td className={`mono small value ${v === MASKED ? 'muted' : ''}`}>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
          <p className="muted small">Masked values ({MASKED}) left as they are keep the stored secret.</p>
          <textarea className="config-editor" value={text} spellCheck={false} onChange={(e) => setText(e.target.value)} data-testid="config-text" />
          <div style={{ display: 'flex', gap: 8 }}>
            <button className="btn" onClick={() => void check(false)} disabled={action.busy} data-testid="config-validate">Validate</button>
            <button className="btn primary" onClick={() => void check(true)} disabled={action.busy} data-testid="config-save">Save</button>
            <button className="btn" onClick={() => (setText(null), setValidation(null))} disabled={action.busy}>Cancel</button>
            {action.busy && <span className="spinner" />}
          </div>
          {action.problem && <div className="problem err" data-testid="config-problem">{action.problem}</div>}
          {validation && <ValidationVerdict validation={validation} />}
        </div>
      )}
    </section>
  );
}
