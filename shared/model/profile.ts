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

/** Secret values: write-only. `undefined` keeps what is stored, `null` clears it. */
export const ProfileSecretsInput = z.object({
  kafkaPassword: z.string().nullable().optional(),
  kafkaClientKeyPem: z.string().nullable().optional(),
  registryPassword: z.string().nullable().optional(),
  s3SecretAccessKey: z.string().nullable().optional(),
  s3SessionToken: z.string().nullable().optional(),
});
export type ProfileSecretsInput = z.infer<typeof ProfileSecretsInput>;
export type SecretName = keyof ProfileSecretsInput;
export const SECRET_NAMES = Object.keys(ProfileSecretsInput.shape) as SecretName[];
export type ProfileSecrets = Partial<Record<SecretName, string>>;

export const ProfileFields = z.object({
  name: z.string().trim().min(1, 'name is required').max(120),
  kafka: z.object({
    bootstrap: z.array(BootstrapServer).min(1, 'at least one bootstrap server is required'),
    security: KafkaSecurity,
  }),
  registry: RegistrySettings.optional(),
  objectStore: ObjectStoreSettings.optional(),
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
  secretsSet: Partial<Record<SecretName, boolean>>;
}

export const LOCAL_LAB_PROFILE_ID = 'local-lab';

/** Parses "a:1, b:2" or "a:1 b:2" as typed into a form or a CLI flag. */
export function splitBootstrap(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
