import { useEffect, useState } from 'react';
import type { ConfigValidation, ConnectPlugin } from '../../../../shared/model/connect';
import { DEBEZIUM_FIELD_OF, DEBEZIUM_POSTGRES_CLASS, debeziumPostgresConfig, defaultDebeziumForm, DebeziumPostgresForm } from '../../../../shared/model/debezium-postgres';
import { useAction } from '../../components/use-action';
import { connectTarget, useConnect } from '../../stores/connect-store';
import { coreClient } from '../../stores/core-store';
import { parseConfig, ValidationVerdict } from './ConfigValidation';
import { DebeziumForm } from './DebeziumForm';

type Kind = 'debezium' | 'any';
type FormErrors = Partial<Record<keyof DebeziumPostgresForm, string[]>>;

/** The form's own checks first (zod), then the plugin's errors on the keys a form field edits. */
function formErrors(form: DebeziumPostgresForm, validation: ConfigValidation | null): FormErrors {
  const errors: FormErrors = {};
  const parsed = DebeziumPostgresForm.safeParse(form);
  if (!parsed.success) for (const i of parsed.error.issues) (errors[i.path[0] as keyof DebeziumPostgresForm] ??= []).push(i.message);
  for (const f of validation?.fields ?? []) {
    const key = DEBEZIUM_FIELD_OF[f.name];
    if (key && f.errors.length > 0) (errors[key] ??= []).push(...f.errors);
  }
  return errors;
}

/** A new connector: a Debezium PostgreSQL source from a form, or any installed plugin's config as JSON; checked by the plugin before it is created. */
export function NewConnectorPage(props: { profileId: string }) {
  const { profileId } = props;
  const [kind, setKind] = useState<Kind>('debezium');
  const [form, setForm] = useState<DebeziumPostgresForm>(defaultDebeziumForm);
  const [name, setName] = useState('');
  const [text, setText] = useState('{\n  "connector.class": "",\n  "tasks.max": "1"\n}');
  const [plugins, setPlugins] = useState<ConnectPlugin[]>([]);
  const [validation, setValidation] = useState<ConfigValidation | null>(null);
  const action = useAction();
  const { closeNew, open } = useConnect();

  useEffect(() => {
    coreClient()
      .call('connect.plugins', connectTarget(profileId))
      .then((p) => setPlugins(p.plugins.filter((x) => x.type === 'source' || x.type === 'sink')))
      .catch(() => setPlugins([]));
  }, [profileId]);

  const debeziumInstalled = plugins.some((p) => p.className === DEBEZIUM_POSTGRES_CLASS);
  const errors = formErrors(form, validation);
  const formInvalid = kind === 'debezium' && !DebeziumPostgresForm.safeParse(form).success;

  const request = () => (kind === 'debezium' ? { name: form.name.trim(), config: debeziumPostgresConfig(form) } : { name: name.trim(), config: parseConfig(text) });
  const submit = (create: boolean) =>
    action.run(async () => {
      const { name: connector, config } = request();
      if (!connector) throw new Error('Name the connector first');
      const target = { ...connectTarget(profileId), name: connector, config };
      if (!create) return setValidation(await coreClient().call('connect.validate', { ...connectTarget(profileId), config: { ...config, name: connector } }));
      const result = await coreClient().call('connect.save', { ...target, mode: 'create' });
      setValidation(result.validation);
      if (!result.saved) return;
      closeNew();
      await open(profileId, connector);
    });
  const pickPlugin = (className: string) => {
    try {
      setText(JSON.stringify({ ...parseConfig(text), 'connector.class': className }, null, 2));
    } catch {
      setText(JSON.stringify({ 'connector.class': className, 'tasks.max': '1' }, null, 2));
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <button className="btn small" onClick={closeNew} data-testid="back-to-connectors">← Connectors</button>
        <h1>New connector</h1>
      </div>
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={kind === 'debezium'} onClick={() => (setKind('debezium'), setValidation(null))} data-testid="new-kind-debezium">Debezium PostgreSQL</button>
        <button role="tab" aria-selected={kind === 'any'} onClick={() => (setKind('any'), setValidation(null))} data-testid="new-kind-any">Any plugin (JSON)</button>
      </div>
      <div className="page-body connector-body">
        {kind === 'debezium' && plugins.length > 0 && !debeziumInstalled && (
          <div className="banner warn">The Debezium PostgreSQL plugin ({DEBEZIUM_POSTGRES_CLASS}) is not installed on this Connect cluster: the plugin will refuse the config.</div>
        )}
        {kind === 'debezium' ? (
          <DebeziumForm form={form} errors={errors} onChange={(f) => (setForm(f), setValidation(null))} />
        ) : (
          <div className="connector-form">
            <label className="form-field">
              <span>Connector name</span>
              <input value={name} onChange={(e) => setName(e.target.value)} data-testid="new-name" />
            </label>
            <label className="form-field">
              <span>Plugin</span>
              <select value="" onChange={(e) => e.target.value && pickPlugin(e.target.value)} data-testid="new-plugin">
                <option value="">Pick an installed plugin…</option>
                {plugins.map((p) => (
                  <option key={p.className} value={p.className}>{`${p.type}: ${p.className} ${p.version}`}</option>
                ))}
              </select>
            </label>
            <textarea className="config-editor" value={text} spellCheck={false} onChange={(e) => (setText(e.target.value), setValidation(null))} data-testid="new-config" />
          </div>
        )}
        <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <button className="btn" onClick={() => void submit(false)} disabled={action.busy || formInvalid} data-testid="new-validate">Validate</button>
          <button className="btn primary" onClick={() => void submit(true)} disabled={action.busy || formInvalid} data-testid="new-create">Create connector</button>
          {action.busy && <span className="spinner" />}
          <span className="muted small">Nothing is created until the plugin finds no error.</span>
        </div>
        {action.problem && <div className="problem err" data-testid="new-problem">{action.problem}</div>}
        {validation && <ValidationVerdict validation={validation} shownElsewhere={kind === 'debezium' ? (f) => f in DEBEZIUM_FIELD_OF : undefined} />}
      </div>
    </div>
  );
}
