import { ProfileDraft, splitBootstrap, type ProfileView, type ProfileSecretsInput, type SecretName } from '../../../../shared/model/profile';
import { connectDraft, connectFormsOf, type ConnectForm } from './connect-form-model';

export type Protocol = 'PLAINTEXT' | 'SASL_PLAINTEXT' | 'SSL' | 'SASL_SSL';
export type Mechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
export type StoreKind = 'none' | 'local' | 's3';

/** Everything the form edits, as strings and flags. Secret fields hold a new value; empty keeps the stored one. */
export interface ProfileForm {
  id?: string;
  name: string;
  bootstrap: string;
  protocol: Protocol;
  mechanism: Mechanism;
  username: string;
  caPem: string;
  clientCertPem: string;
  servername: string;
  skipVerify: boolean;
  registryUrl: string;
  registryUser: string;
  storeKind: StoreKind;
  localPath: string;
  s3Endpoint: string;
  s3Region: string;
  s3Bucket: string;
  s3PathStyle: boolean;
  s3AccessKeyId: string;
  secrets: Record<SecretName, string>;
  /** Secrets the user asked to remove. */
  clear: Partial<Record<SecretName, boolean>>;
  /** Kafka Connect clusters, each with its own secrets. */
  connect: ConnectForm[];
}

const NO_SECRETS: Record<SecretName, string> = { kafkaPassword: '', kafkaClientKeyPem: '', registryPassword: '', s3SecretAccessKey: '', s3SessionToken: '' };

export function emptyForm(): ProfileForm {
  return {
    name: '',
    bootstrap: '',
    protocol: 'PLAINTEXT',
    mechanism: 'SCRAM-SHA-512',
    username: '',
    caPem: '',
    clientCertPem: '',
    servername: '',
    skipVerify: false,
    registryUrl: '',
    registryUser: '',
    storeKind: 'none',
    localPath: '',
    s3Endpoint: '',
    s3Region: 'us-east-1',
    s3Bucket: '',
    s3PathStyle: true,
    s3AccessKeyId: '',
    secrets: { ...NO_SECRETS },
    clear: {},
    connect: [],
  };
}

export function formFromProfile(p: ProfileView): ProfileForm {
  const sec = p.kafka.security;
  const form = emptyForm();
  form.id = p.builtIn ? undefined : p.id;
  form.name = p.name;
  form.bootstrap = p.kafka.bootstrap.join(', ');
  form.protocol = sec.protocol;
  if ('mechanism' in sec) {
    form.mechanism = sec.mechanism;
    form.username = sec.username;
  }
  if ('skipVerify' in sec) {
    form.caPem = sec.caPem ?? '';
    form.clientCertPem = sec.clientCertPem ?? '';
    form.servername = sec.servername ?? '';
    form.skipVerify = sec.skipVerify;
  }
  form.connect = connectFormsOf(p.connect ?? []);
  form.registryUrl = p.registry?.url ?? '';
  form.registryUser = p.registry?.username ?? '';
  const store = p.objectStore;
  if (store?.kind === 'local') Object.assign(form, { storeKind: 'local', localPath: store.path });
  if (store?.kind === 's3')
    Object.assign(form, {
      storeKind: 's3',
      s3Endpoint: store.endpoint ?? '',
      s3Region: store.region,
      s3Bucket: store.bucket,
      s3PathStyle: store.pathStyle,
      s3AccessKeyId: store.accessKeyId,
    });
  return form;
}

export function draftFromForm(f: ProfileForm): ProfileDraft {
  const tls = { caPem: f.caPem.trim() || undefined, clientCertPem: f.clientCertPem.trim() || undefined, servername: f.servername.trim() || undefined, skipVerify: f.skipVerify };
  const sasl = { mechanism: f.mechanism, username: f.username.trim() };
  const security =
    f.protocol === 'PLAINTEXT'
      ? { protocol: f.protocol }
      : f.protocol === 'SSL'
        ? { protocol: f.protocol, ...tls }
        : f.protocol === 'SASL_PLAINTEXT'
          ? { protocol: f.protocol, ...sasl }
          : { protocol: f.protocol, ...sasl, ...tls };
  const connect = connectDraft(f.connect);
  const secrets: ProfileSecretsInput = connect.secrets ? { connect: connect.secrets } : {};
  for (const key of Object.keys(NO_SECRETS) as SecretName[]) {
    if (f.clear[key]) secrets[key] = null;
    else if (f.secrets[key]) secrets[key] = f.secrets[key];
  }
  return {
    ...(f.id ? { id: f.id } : {}),
    name: f.name,
    kafka: { bootstrap: splitBootstrap(f.bootstrap), security } as ProfileDraft['kafka'],
    ...(f.registryUrl.trim() ? { registry: { url: f.registryUrl.trim(), ...(f.registryUser.trim() ? { username: f.registryUser.trim() } : {}) } } : {}),
    ...(f.storeKind === 'local' ? { objectStore: { kind: 'local' as const, path: f.localPath.trim() } } : {}),
    ...(f.storeKind === 's3'
      ? {
          objectStore: {
            kind: 's3' as const,
            ...(f.s3Endpoint.trim() ? { endpoint: f.s3Endpoint.trim() } : {}),
            region: f.s3Region.trim(),
            bucket: f.s3Bucket.trim(),
            pathStyle: f.s3PathStyle,
            accessKeyId: f.s3AccessKeyId.trim(),
          },
        }
      : {}),
    ...(connect.clusters.length > 0 ? { connect: connect.clusters } : {}),
    secrets,
  };
}

/** Field → message, from the same schema the core validates with. Paths map to the form field that edits them. */
export function validateForm(f: ProfileForm): Record<string, string> {
  const parsed = ProfileDraft.safeParse(draftFromForm(f));
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path.map(String));
    errors[field] ??= issue.message;
  }
  return errors;
}

function fieldOf(path: string[]): string {
  const [head, second, third] = path;
  if (head === 'kafka' && second === 'bootstrap') return 'bootstrap';
  if (head === 'kafka' && second === 'security') return third === 'username' ? 'username' : 'protocol';
  if (head === 'registry') return 'registryUrl';
  if (head === 'connect') return `connect.${second}.${third === 'urls' ? 'urls' : third === 'username' ? 'username' : 'name'}`;
  if (head === 'objectStore') return ({ path: 'localPath', bucket: 's3Bucket', endpoint: 's3Endpoint', region: 's3Region', accessKeyId: 's3AccessKeyId' } as Record<string, string>)[second ?? ''] ?? 'storeKind';
  return head ?? 'form';
}
