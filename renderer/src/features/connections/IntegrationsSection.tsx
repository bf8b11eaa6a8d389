import type { ProfileView } from '../../../../shared/model/profile';
import { Field } from './Field';
import { SecretField } from './SecretField';
import type { ProfileForm, StoreKind } from './profile-form-model';

/** Schema registry and object store: the optional halves of a profile. */
export function IntegrationsSection(props: { form: ProfileForm; set: (patch: Partial<ProfileForm>) => void; errors: Record<string, string>; stored?: ProfileView }) {
  const { form, set, errors } = props;
  const secret = (key: keyof ProfileForm['secrets']) => ({
    isSet: Boolean(props.stored?.secretsSet[key]),
    value: form.secrets[key],
    cleared: Boolean(form.clear[key]),
    onChange: (value: string) => set({ secrets: { ...form.secrets, [key]: value } }),
    onClear: (clear: boolean) => set({ clear: { ...form.clear, [key]: clear } }),
  });
  const text = (id: string, key: keyof ProfileForm, placeholder = '') => (
    <input id={id} type="text" placeholder={placeholder} value={String(form[key] ?? '')} onChange={(e) => set({ [key]: e.target.value } as Partial<ProfileForm>)} data-testid={id} />
  );
  return (
    <>
      <fieldset>
        <legend>Schema registry</legend>
        <Field label="URL" htmlFor="registry-url" problem={errors.registryUrl} hint="Optional. Confluent-compatible API, e.g. http://localhost:8081">
          {text('registry-url', 'registryUrl', 'http://localhost:8081')}
        </Field>
        {form.registryUrl.trim() && (
          <>
            <Field label="Username" htmlFor="registry-user">
              {text('registry-user', 'registryUser')}
            </Field>
            <Field label="Password" htmlFor="registry-password">
              <SecretField id="registry-password" {...secret('registryPassword')} />
            </Field>
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>Object store (landed tables)</legend>
        <Field label="Kind" htmlFor="store-kind" problem={errors.storeKind}>
          <select id="store-kind" value={form.storeKind} onChange={(e) => set({ storeKind: e.target.value as StoreKind })} data-testid="store-kind">
            <option value="none">None</option>
            <option value="local">Local folder</option>
            <option value="s3">S3-compatible</option>
          </select>
        </Field>
        {form.storeKind === 'local' && (
          <Field label="Folder" htmlFor="local-path" problem={errors.localPath}>
            {text('local-path', 'localPath', '/home/me/warehouse')}
          </Field>
        )}
        {form.storeKind === 's3' && (
          <>
            <Field label="Endpoint" htmlFor="s3-endpoint" problem={errors.s3Endpoint} hint="Empty for AWS S3; e.g. http://127.0.0.1:9000 for a local server">
              {text('s3-endpoint', 's3Endpoint')}
            </Field>
            <Field label="Region" htmlFor="s3-region" problem={errors.s3Region}>
              {text('s3-region', 's3Region')}
            </Field>
            <Field label="Bucket" htmlFor="s3-bucket" problem={errors.s3Bucket}>
              {text('s3-bucket', 's3Bucket')}
            </Field>
            <Field label="Addressing" htmlFor="s3-path-style">
              <label className="row">
                <input id="s3-path-style" type="checkbox" checked={form.s3PathStyle} onChange={(e) => set({ s3PathStyle: e.target.checked })} /> Path-style URLs
              </label>
            </Field>
            <Field label="Access key id" htmlFor="s3-access-key" problem={errors.s3AccessKeyId}>
              {text('s3-access-key', 's3AccessKeyId')}
            </Field>
            <Field label="Secret access key" htmlFor="s3-secret">
              <SecretField id="s3-secret" {...secret('s3SecretAccessKey')} />
            </Field>
            <Field label="Session token" htmlFor="s3-token" hint="Only for temporary credentials">
              <SecretField id="s3-token" {...secret('s3SessionToken')} />
            </Field>
          </>
        )}
      </fieldset>
    </>
  );
}
