import type { ProfileView } from '../../../../shared/model/profile';
import { Field } from './Field';
import { PemField } from './PemField';
import { SecretField } from './SecretField';
import type { Mechanism, ProfileForm, Protocol } from './profile-form-model';

export function SecuritySection(props: { form: ProfileForm; set: (patch: Partial<ProfileForm>) => void; errors: Record<string, string>; stored?: ProfileView }) {
  const { form, set, errors } = props;
  const sasl = form.protocol === 'SASL_PLAINTEXT' || form.protocol === 'SASL_SSL';
  const tls = form.protocol === 'SSL' || form.protocol === 'SASL_SSL';
  const secret = (key: keyof ProfileForm['secrets']) => ({
    isSet: Boolean(props.stored?.secretsSet[key]),
    value: form.secrets[key],
    cleared: Boolean(form.clear[key]),
    onChange: (value: string) => set({ secrets: { ...form.secrets, [key]: value } }),
    onClear: (clear: boolean) => set({ clear: { ...form.clear, [key]: clear } }),
  });
  return (
    <fieldset>
      <legend>Security</legend>
      <Field label="Protocol" htmlFor="protocol" problem={errors.protocol}>
        <select id="protocol" value={form.protocol} onChange={(e) => set({ protocol: e.target.value as Protocol })} data-testid="protocol">
          <option value="PLAINTEXT">PLAINTEXT</option>
          <option value="SASL_PLAINTEXT">SASL_PLAINTEXT</option>
          <option value="SSL">SSL (TLS, optional client certificate)</option>
          <option value="SASL_SSL">SASL_SSL</option>
        </select>
      </Field>
      {sasl && (
        <>
          <Field label="SASL mechanism" htmlFor="mechanism">
            <select id="mechanism" value={form.mechanism} onChange={(e) => set({ mechanism: e.target.value as Mechanism })} data-testid="mechanism">
              <option value="PLAIN">PLAIN</option>
              <option value="SCRAM-SHA-256">SCRAM-SHA-256</option>
              <option value="SCRAM-SHA-512">SCRAM-SHA-512</option>
            </select>
          </Field>
          <Field label="Username" htmlFor="username" problem={errors.username}>
            <input id="username" type="text" value={form.username} onChange={(e) => set({ username: e.target.value })} data-testid="username" />
          </Field>
          <Field label="Password" htmlFor="kafka-password">
            <SecretField id="kafka-password" {...secret('kafkaPassword')} />
          </Field>
        </>
      )}
      {tls && (
        <>
          <Field label="CA certificate (PEM)" htmlFor="ca-pem" hint="Leave empty to trust the system's certificate authorities.">
            <PemField id="ca-pem" value={form.caPem} onChange={(caPem) => set({ caPem })} />
          </Field>
          <Field label="Client certificate (PEM)" htmlFor="client-cert" hint="For mutual TLS; needs the client key below.">
            <PemField id="client-cert" value={form.clientCertPem} onChange={(clientCertPem) => set({ clientCertPem })} />
          </Field>
          <Field label="Client key (PEM)" htmlFor="client-key">
            <SecretField id="client-key" multiline {...secret('kafkaClientKeyPem')} />
          </Field>
          <Field label="TLS server name" htmlFor="servername" hint="Only when the certificate names another host than the bootstrap address.">
            <input id="servername" type="text" value={form.servername} onChange={(e) => set({ servername: e.target.value })} />
          </Field>
          <Field label="Verification" htmlFor="skip-verify">
            <label className="row">
              <input id="skip-verify" type="checkbox" checked={form.skipVerify} onChange={(e) => set({ skipVerify: e.target.checked })} /> Skip certificate verification (insecure)
            </label>
          </Field>
        </>
      )}
    </fieldset>
  );
}
