import { CONNECT_SECRET_NAMES, SECRET_NAMES, type ConnectSecrets, type ProfileSecrets, type ProfileSecretsInput } from '../../../shared/model/profile';

/** A write-only value applied to a stored one: a string sets, null or '' clears, undefined keeps. */
function apply<K extends string>(target: Partial<Record<K, string>>, name: K, value: string | null | undefined): void {
  if (value === null || value === '') delete target[name];
  else if (value !== undefined) target[name] = value;
}

/**
 * Stored secrets with write-only input applied. `connectIds`, when given, are the profile's Connect
 * clusters: the secrets of a cluster no longer in the profile are dropped with it.
 */
export function applySecretInput(stored: ProfileSecrets, input: ProfileSecretsInput | undefined, connectIds?: string[]): ProfileSecrets {
  const next: ProfileSecrets = { ...stored };
  for (const name of SECRET_NAMES) apply(next, name, input?.[name]);
  const connect: Record<string, ConnectSecrets> = {};
  for (const [id, secrets] of Object.entries(stored.connect ?? {})) connect[id] = { ...secrets };
  for (const [id, secrets] of Object.entries(input?.connect ?? {})) {
    const cluster = (connect[id] ??= {});
    for (const name of CONNECT_SECRET_NAMES) apply(cluster, name, secrets[name]);
  }
  for (const id of Object.keys(connect)) if ((connectIds && !connectIds.includes(id)) || Object.keys(connect[id]!).length === 0) delete connect[id];
  if (Object.keys(connect).length > 0) next.connect = connect;
  else delete next.connect;
  return next;
}

/** Which secrets are set, never their values. */
export function secretsSetOf(secrets: ProfileSecrets, connectIds: string[]) {
  return {
    ...Object.fromEntries(SECRET_NAMES.map((n) => [n, Boolean(secrets[n])])),
    connect: Object.fromEntries(connectIds.map((id) => [id, Object.fromEntries(CONNECT_SECRET_NAMES.map((n) => [n, Boolean(secrets.connect?.[id]?.[n])]))])),
  } as { [K in (typeof SECRET_NAMES)[number]]?: boolean } & { connect: Record<string, Record<(typeof CONNECT_SECRET_NAMES)[number], boolean>> };
}
