import { readFileSync } from 'node:fs';
import { FloeError } from '../../shared/errors';
import { LOCAL_LAB_PROFILE_ID, ProfileDraft, splitBootstrap, type KafkaSecurity } from '../../shared/model/profile';
import type { ResolvedProfile } from '../core/connections/profile-service';
import type { CoreSession } from './context';

export const ADHOC_PROFILE_ID = 'cli-adhoc';

type Flags = Partial<Record<'profile' | 'bootstrap' | 'registry' | 'registry-user' | 'security' | 'mechanism' | 'username' | 'ca' | 'cert' | 'key', string>> & {
  insecure?: boolean;
};

/**
 * `--bootstrap` and friends as a profile that lives for this command only. Passwords come from the
 * environment (FLOE_KAFKA_PASSWORD, FLOE_REGISTRY_PASSWORD), never from flags that shell history keeps.
 */
export function adhocProfile(flags: Flags, env: NodeJS.ProcessEnv = process.env): ResolvedProfile | null {
  if (!flags.bootstrap) return null;
  const protocol = (flags.security ?? 'PLAINTEXT').toUpperCase();
  const file = (path: string | undefined, what: string) => {
    if (!path) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      throw new FloeError('BAD_INPUT', `Cannot read ${what} file ${path}: ${(e as Error).message}`);
    }
  };
  const tls = { caPem: file(flags.ca, 'CA'), clientCertPem: file(flags.cert, 'certificate'), skipVerify: Boolean(flags.insecure) };
  const sasl = { mechanism: (flags.mechanism ?? 'SCRAM-SHA-512').toUpperCase(), username: flags.username ?? '' };
  const security = { PLAINTEXT: { protocol }, SSL: { protocol, ...tls }, SASL_PLAINTEXT: { protocol, ...sasl }, SASL_SSL: { protocol, ...sasl, ...tls } }[protocol];
  if (!security) throw new FloeError('BAD_INPUT', `--security must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, not "${flags.security}"`);
  const draft = ProfileDraft.safeParse({
    name: 'command line',
    kafka: { bootstrap: splitBootstrap(flags.bootstrap), security: security as KafkaSecurity },
    ...(flags.registry ? { registry: { url: flags.registry, username: flags['registry-user'] } } : {}),
  });
  if (!draft.success) throw new FloeError('BAD_INPUT', draft.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { secrets: _s, ...fields } = draft.data;
  const now = new Date().toISOString();
  const secrets = {
    ...(env.FLOE_KAFKA_PASSWORD ? { kafkaPassword: env.FLOE_KAFKA_PASSWORD } : {}),
    ...(env.FLOE_REGISTRY_PASSWORD ? { registryPassword: env.FLOE_REGISTRY_PASSWORD } : {}),
    ...(flags.key ? { kafkaClientKeyPem: file(flags.key, 'key') } : {}),
  };
  return { profile: { ...fields, id: ADHOC_PROFILE_ID, createdAt: now, updatedAt: now }, secrets };
}

/** Which profile a cluster command talks to: --bootstrap, else --profile (name or id), else the running lab. */
export async function pickProfileId(flags: Flags, core: CoreSession): Promise<string> {
  if (flags.bootstrap) return ADHOC_PROFILE_ID;
  const { profiles } = await core.client.call('connections.list', {});
  if (flags.profile) {
    const found = profiles.find((p) => p.name === flags.profile || p.id === flags.profile);
    if (!found) throw new FloeError('NOT_FOUND', `No profile named "${flags.profile}" (have: ${profiles.map((p) => p.name).join(', ') || 'none'})`);
    return found.id;
  }
  if (profiles.some((p) => p.id === LOCAL_LAB_PROFILE_ID)) return LOCAL_LAB_PROFILE_ID;
  throw new FloeError('BAD_INPUT', 'No cluster given: pass --profile NAME or --bootstrap HOST:PORT, or start the local lab with `floe lab up`');
}
