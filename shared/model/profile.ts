import { z } from 'zod';

/** host:port, with an IPv6 literal in brackets. */
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

export const BootstrapServer = z
  .string()
  .trim()
  .regex(HOST_PORT, 'expected host:port, e.g. localhost:9092')
  .refine((s) => {
    const port = Number(s.slice(s.lastIndexOf(':') + 1));
    return port > 0 && port < 65536;
  }, 'port must be between 1 and 65535');

export const KafkaSecurity = z.discriminatedUnion('protocol', [
  z.object({ protocol: z.literal('PLAINTEXT') }),
  z.object({
    protocol: z.literal('SASL_PLAINTEXT'),
    mechanism: z.enum(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']),
    username: z.string().min(1, 'username is required'),
  }),
  z.object({
    protocol: z.literal('SSL'),
    caPem: z.string().optional(),
    clientCertPem: z.string().optional(),
    servername: z.string().optional(),
    skipVerify: z.boolean().default(false),
  }),
  z.object({
    protocol: z.literal('SASL_SSL'),
    mechanism: z.enum(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']),
    username: z.string().min(1, 'username is required'),
    caPem: z.string().optional(),
    clientCertPem: z.string().optional(),
    servername: z.string().optional(),
    skipVerify: z.boolean().default(false),
  }),
]);
export type KafkaSecurity = z.infer<typeof KafkaSecurity>;

export const RegistrySettings = z.object({
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL, e.g. http://localhost:8081' }),
  username: z.string().optional(),
});

export const ObjectStoreSettings = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local'), path: z.string().min(1, 'folder is required') }),
  z.object({
    kind: z.literal('s3'),
    endpoint: z.url({ protocol: /^https?$/ }).optional(),
    region: z.string().min(1).default('us-east-1'),
    bucket: z.string().min(3, 'bucket name is required'),
    pathStyle: z.boolean().default(true),
    accessKeyId: z.string().min(1, 'access key id is required'),
  }),
]);

const WriteOnly = z.string().nullable().optional();

/** A Connect cluster's secrets, by the cluster's id. */
export const ConnectSecretsInput = z.object({ password: WriteOnly, clientKeyPem: WriteOnly });
export type ConnectSecretName = keyof z.infer<typeof ConnectSecretsInput>;
export const CONNECT_SECRET_NAMES: ConnectSecretName[] = ['password', 'clientKeyPem'];
export type ConnectSecrets = Partial<Record<ConnectSecretName, string>>;

/** Secret values: write-only. `undefined` keeps what is stored, `null` clears it. */
export const ProfileSecretsInput = z.object({
  kafkaPassword: WriteOnly,
  kafkaClientKeyPem: WriteOnly,
  registryPassword: WriteOnly,
  s3SecretAccessKey: WriteOnly,
  s3SessionToken: WriteOnly,
  /** Kafka Connect clusters' secrets by cluster id; a cluster left out keeps its secrets. */
  connect: z.record(z.string(), ConnectSecretsInput).optional(),
});
export type ProfileSecretsInput = z.infer<typeof ProfileSecretsInput>;
export type SecretName = Exclude<keyof ProfileSecretsInput, 'connect'>;
export const SECRET_NAMES = Object.keys(ProfileSecretsInput.shape).filter((n) => n !== 'connect') as SecretName[];
export type ProfileSecrets = Partial<Record<SecretName, string>> & { connect?: Record<string, ConnectSecrets> };

const ConnectUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL, e.g. http://localhost:8083' });

/**
 * A Kafka Connect cluster: the REST URLs of one or more of its workers (tried in order), HTTP basic auth
 * when `username` is set, TLS settings for https URLs (a client certificate for mutual TLS). Its password
 * and client key are secrets, stored by `id`.
 */
export const ConnectClusterSettings = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'cluster id: letters, digits, - and _'),
  name: z.string().trim().min(1, 'name is required').max(60),
  urls: z.array(ConnectUrl).min(1, 'at least one worker URL is required'),
  username: z.string().trim().min(1).optional(),
  caPem: z.string().optional(),
  clientCertPem: z.string().optional(),
  skipVerify: z.boolean().default(false),
});
export type ConnectClusterSettings = z.infer<typeof ConnectClusterSettings>;

const ConnectClusters = z
  .array(ConnectClusterSettings)
  .max(20)
  .superRefine((clusters, ctx) => {
    const seen = new Set<string>();
    const ids = new Set<string>();
    clusters.forEach((c, i) => {
      if (seen.has(c.name.toLowerCase())) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `another Connect cluster is named "${c.name}"` });
      if (ids.has(c.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate cluster id "${c.id}"` });
      seen.add(c.name.toLowerCase());
      ids.add(c.id);
    });
  });

export const ProfileFields = z.object({
  name: z.string().trim().min(1, 'name is required').max(120),
  kafka: z.object({
    bootstrap: z.array(BootstrapServer).min(1, 'at least one bootstrap server is required'),
    security: KafkaSecurity,
  }),
  registry: RegistrySettings.optional(),
  objectStore: ObjectStoreSettings.optional(),
  /** Kafka Connect clusters this profile manages. */
  connect: ConnectClusters.optional(),
});
export type ProfileFields = z.infer<typeof ProfileFields>;

export const ProfileDraft = ProfileFields.extend({
  id: z.string().optional(),
  secrets: ProfileSecretsInput.optional(),
});
export type ProfileDraft = z.input<typeof ProfileDraft>;

/** A stored profile as everyone but the secret store sees it. */
export interface Profile extends ProfileFields {
  id: string;
  createdAt: string;
  updatedAt: string;
}

/** What the renderer sees: never a secret, only whether one is set. */
export interface ProfileView extends Profile {
  builtIn: boolean;
  secretsSet: Partial<Record<SecretName, boolean>> & { connect?: Record<string, Record<ConnectSecretName, boolean>> };
}

export const LOCAL_LAB_PROFILE_ID = 'local-lab';

/** Parses "a:1, b:2" or "a:1 b:2" as typed into a form or a CLI flag. */
export function splitBootstrap(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
