import { FloeError } from '../../shared/errors';
import { LOCAL_LAB_PROFILE_ID, ProfileDraft, splitBootstrap, type KafkaSecurity } from '../../shared/model/profile';
import type { ResolvedProfile } from '../core/connections/profile-service';
import type { CoreSession } from './context';
import { readInputFile } from './input-file';

export const ADHOC_PROFILE_ID = 'cli-adhoc';

type StringFlag = 'profile' | 'bootstrap' | 'registry' | 'registry-user' | 'security' | 'mechanism' | 'username' | 'tls-ca' | 'tls-cert' | 'tls-key' | 'ca' | 'cert';
type Flags = Partial<Record<StringFlag, string>> & { insecure?: boolean };

/** Flags that describe an ad-hoc cluster: they mean something only with --bootstrap. */
const ADHOC_FLAGS = ['registry', 'registry-user', 'security', 'mechanism', 'username', 'tls-ca', 'ca', 'tls-cert', 'cert', 'tls-key', 'insecure'] as const;
const TLS_FLAGS = ['tls-ca', 'ca', 'tls-cert', 'cert', 'tls-key', 'insecure'] as const;
const SASL_FLAGS = ['mechanism', 'username'] as const;

const given = (flags: Flags, names: readonly (keyof Flags)[]) => names.filter((n) => flags[n] !== undefined).map((n) => `--${n}`);
/** "--a needs" / "--a, --b need" */
const flagsThat = (names: string[], one: string, many: string) => `${names.join(', ')} ${names.length === 1 ? one : many}`;

/** --tls-ca / --ca (and --tls-cert / --cert): either spelling, not two different values. */
function aliased(flags: Flags, name: 'tls-ca' | 'tls-cert', old: 'ca' | 'cert'): string | undefined {
  const a = flags[name];
  const b = flags[old];
  if (a !== undefined && b !== undefined && a !== b) throw new FloeError('BAD_INPUT', `--${old} and --${name} are the same flag; give one`);
  return a ?? b;
}

/** Refuses flags that would be ignored: ad-hoc settings without --bootstrap, TLS files without TLS, SASL without SASL. */
function checkCombination(flags: Flags, protocol: string): void {
  const stray = given(flags, ADHOC_FLAGS);
  if (!flags.bootstrap) {
    if (stray.length > 0)
      throw new FloeError('BAD_INPUT', `${flagsThat(stray, 'goes', 'go')} with --bootstrap HOST:PORT (a cluster given on the command line); a --profile or the local lab brings its own settings`);
    return;
  }
  if (flags.profile !== undefined) throw new FloeError('BAD_INPUT', '--profile and --bootstrap both name a cluster; give one');
  const tls = given(flags, TLS_FLAGS);
  if (tls.length > 0 && protocol !== 'SSL' && protocol !== 'SASL_SSL') throw new FloeError('BAD_INPUT', `${flagsThat(tls, 'needs', 'need')} --security SSL or SASL_SSL`);
  const sasl = given(flags, SASL_FLAGS);
  if (sasl.length > 0 && protocol !== 'SASL_PLAINTEXT' && protocol !== 'SASL_SSL') throw new FloeError('BAD_INPUT', `${flagsThat(sasl, 'needs', 'need')} --security SASL_PLAINTEXT or SASL_SSL`);
  if (flags['registry-user'] !== undefined && flags.registry === undefined) throw new FloeError('BAD_INPUT', '--registry-user goes with --registry URL');
  if ((aliased(flags, 'tls-cert', 'cert') === undefined) !== (flags['tls-key'] === undefined))
    throw new FloeError('BAD_INPUT', 'Mutual TLS needs both --tls-cert (the client certificate) and --tls-key (its private key)');
}

/**
 * `--bootstrap` and friends as a profile that lives for this command only; null without --bootstrap (after
 * refusing flags that would then be ignored). Passwords come from the environment (FLOE_KAFKA_PASSWORD,
 * FLOE_REGISTRY_PASSWORD), never from flags that shell history keeps.
 */
export function adhocProfile(flags: Flags, env: NodeJS.ProcessEnv = process.env): ResolvedProfile | null {
  const protocol = (flags.security ?? 'PLAINTEXT').toUpperCase();
  checkCombination(flags, protocol);
  if (!flags.bootstrap) return null;
  const file = (flag: string, path: string | undefined) => (path === undefined ? undefined : readInputFile(flag, path));
  const tls = { caPem: file('--tls-ca', aliased(flags, 'tls-ca', 'ca')), clientCertPem: file('--tls-cert', aliased(flags, 'tls-cert', 'cert')), skipVerify: Boolean(flags.insecure) };
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
    ...(flags['tls-key'] !== undefined ? { kafkaClientKeyPem: file('--tls-key', flags['tls-key']) } : {}),
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
