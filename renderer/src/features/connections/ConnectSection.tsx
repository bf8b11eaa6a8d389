import type { ProfileView } from '../../../../shared/model/profile';
import { newConnectForm, type ConnectForm } from './connect-form-model';
import { Field } from './Field';
import { PemField } from './PemField';
import { SecretField } from './SecretField';

/** Kafka Connect clusters of a profile: worker URLs, basic auth, TLS (a client certificate for mutual TLS). */
export function ConnectSection(props: { clusters: ConnectForm[]; onChange: (clusters: ConnectForm[]) => void; errors: Record<string, string>; stored?: ProfileView }) {
  const { clusters, onChange, errors } = props;
  const update = (i: number, patch: Partial<ConnectForm>) => onChange(clusters.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <fieldset data-testid="connect-section">
      <legend>Kafka Connect</legend>
      {clusters.length === 0 && <p className="hint">Optional. Add a Connect cluster to manage its connectors in the Connect room.</p>}
      {clusters.map((c, i) => {
        const stored = props.stored?.secretsSet.connect?.[c.id];
        const secret = (key: 'password' | 'clientKeyPem') => ({
          isSet: Boolean(stored?.[key]),
          value: c.secrets[key],
          cleared: Boolean(c.clear[key]),
          onChange: (value: string) => update(i, { secrets: { ...c.secrets, [key]: value } }),
          onClear: (clear: boolean) => update(i, { clear: { ...c.clear, [key]: clear } }),
        });
        const id = (field: string) => `connect-${i}-${field}`;
        const https = c.urls.includes('https:');
        return (
          <div className="connect-cluster" key={c.id} data-testid={`connect-cluster-${i}`}>
            <Field label="Name" htmlFor={id('name')} problem={errors[`connect.${i}.name`]}>
              <div className="row">
                <input id={id('name')} type="text" value={c.name} onChange={(e) => update(i, { name: e.target.value })} data-testid={id('name')} />
                <button type="button" className="btn small" onClick={() => onChange(clusters.filter((_, j) => j !== i))} data-testid={id('remove')}>
                  Remove
                </button>
              </div>
            </Field>
            <Field label="Worker URLs" htmlFor={id('urls')} problem={errors[`connect.${i}.urls`]} hint="REST address of one or more workers, separated by commas; tried in order">
              <input id={id('urls')} type="text" placeholder="http://connect-1:8083, http://connect-2:8083" value={c.urls} onChange={(e) => update(i, { urls: e.target.value })} data-testid={id('urls')} />
            </Field>
            <Field label="Username" htmlFor={id('username')} hint="HTTP basic auth; leave empty when the workers need none">
              <input id={id('username')} type="text" value={c.username} onChange={(e) => update(i, { username: e.target.value })} data-testid={id('username')} />
            </Field>
            {c.username.trim() && (
              <Field label="Password" htmlFor={id('password')}>
                <SecretField id={id('password')} {...secret('password')} />
              </Field>
            )}
            {https && (
              <>
                <Field label="CA certificate (PEM)" htmlFor={id('ca')} hint="Leave empty to trust the system's certificate authorities.">
                  <PemField id={id('ca')} value={c.caPem} onChange={(caPem) => update(i, { caPem })} />
                </Field>
                <Field label="Client certificate (PEM)" htmlFor={id('cert')} hint="For mutual TLS; needs the client key below.">
                  <PemField id={id('cert')} value={c.clientCertPem} onChange={(clientCertPem) => update(i, { clientCertPem })} />
                </Field>
                <Field label="Client key (PEM)" htmlFor={id('key')}>
                  <SecretField id={id('key')} multiline {...secret('clientKeyPem')} />
                </Field>
                <Field label="Verification" htmlFor={id('skip')}>
                  <label className="row">
                    <input id={id('skip')} type="checkbox" checked={c.skipVerify} onChange={(e) => update(i, { skipVerify: e.target.checked })} /> Skip certificate verification (insecure)
                  </label>
                </Field>
              </>
            )}
          </div>
        );
      })}
      <button type="button" className="btn small" onClick={() => onChange([...clusters, newConnectForm(clusters.map((c) => c.id))])} data-testid="add-connect-cluster">
        Add Connect cluster
      </button>
    </fieldset>
  );
}
