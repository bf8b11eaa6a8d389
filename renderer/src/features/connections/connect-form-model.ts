import type { ConnectClusterSettings, ConnectSecretName, ProfileSecretsInput } from '../../../../shared/model/profile';

/** One Kafka Connect cluster as the profile form edits it; secrets hold a new value, empty keeps the stored one. */
export interface ConnectForm {
  id: string;
  name: string;
  /** Worker REST URLs, separated by commas or spaces. */
  urls: string;
  username: string;
  caPem: string;
  clientCertPem: string;
  skipVerify: boolean;
  secrets: Record<ConnectSecretName, string>;
  clear: Partial<Record<ConnectSecretName, boolean>>;
}

/** A new cluster's id: it keys the cluster's secrets, so it never changes when the cluster is renamed. */
export function newConnectForm(taken: string[]): ConnectForm {
  let id = `c${Date.now().toString(36)}`;
  for (let n = 2; taken.includes(id); n++) id = `c${Date.now().toString(36)}-${n}`;
  return { id, name: taken.length === 0 ? 'Connect' : `Connect ${taken.length + 1}`, urls: '', username: '', caPem: '', clientCertPem: '', skipVerify: false, secrets: { password: '', clientKeyPem: '' }, clear: {} };
}

export function connectFormsOf(clusters: ConnectClusterSettings[]): ConnectForm[] {
  return clusters.map((c) => ({
    id: c.id,
    name: c.name,
    urls: c.urls.join(', '),
    username: c.username ?? '',
    caPem: c.caPem ?? '',
    clientCertPem: c.clientCertPem ?? '',
    skipVerify: c.skipVerify,
    secrets: { password: '', clientKeyPem: '' },
    clear: {},
  }));
}

/** The clusters for the draft and their write-only secrets (only those typed or cleared). */
export function connectDraft(forms: ConnectForm[]): { clusters: ConnectClusterSettings[]; secrets?: NonNullable<ProfileSecretsInput['connect']> } {
  const secrets: NonNullable<ProfileSecretsInput['connect']> = {};
  const clusters = forms.map((f) => {
    for (const key of ['password', 'clientKeyPem'] as const) {
      const value = f.clear[key] ? null : f.secrets[key] || undefined;
      if (value !== undefined) (secrets[f.id] ??= {})[key] = value;
    }
    return {
      id: f.id,
      name: f.name.trim(),
      urls: f.urls.split(/[\s,]+/).filter(Boolean),
      ...(f.username.trim() ? { username: f.username.trim() } : {}),
      ...(f.caPem.trim() ? { caPem: f.caPem.trim() } : {}),
      ...(f.clientCertPem.trim() ? { clientCertPem: f.clientCertPem.trim() } : {}),
      skipVerify: f.skipVerify,
    };
  });
  return { clusters, ...(Object.keys(secrets).length > 0 ? { secrets } : {}) };
}
