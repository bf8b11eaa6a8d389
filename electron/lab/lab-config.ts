import { randomBytes } from 'node:crypto';
import { readJson, writeAtomic } from './files';

/** Made on a lab home's first start and kept: credentials, the cluster id and the ports. */
export interface LabConfig {
  version: 1;
  clusterId: string;
  scram: { username: string; password: string };
  tlsPassword: string;
  s3: { accessKeyId: string; secretAccessKey: string; region: string; bucket: string };
  ports: Partial<Record<PortName, number>>;
  /** Made when Kafka Connect first runs: its REST user. */
  connect?: { username: string; password: string };
  /** Made when PostgreSQL first runs: the CDC user's password. */
  postgres?: { password: string };
}

export const PORT_NAMES = ['plaintext', 'controller', 'sasl', 'ssl', 'mtls', 'registry', 's3', 'connect', 'postgres'] as const;
export type PortName = (typeof PORT_NAMES)[number];

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Letters and digits only: safe inside Kafka's `--add-scram` syntax, JAAS, URLs and env vars. */
export function randomToken(length: number, alphabet = ALNUM): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (const byte of bytes) {
    if (byte < 256 - (256 % alphabet.length)) out += alphabet[byte % alphabet.length];
    if (out.length === length) return out;
  }
  return out + randomToken(length - out.length, alphabet);
}

/** A Kafka Uuid as text: 16 random bytes, base64url without padding, never starting with '-'. */
export function kafkaClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export function loadOrCreateConfig(path: string): LabConfig {
  const existing = readJson<LabConfig>(path);
  if (existing?.version === 1) return existing;
  const config: LabConfig = {
    version: 1,
    clusterId: kafkaClusterId(),
    scram: { username: 'floe', password: randomToken(24) },
    tlsPassword: randomToken(24),
    s3: {
      accessKeyId: `FLOE${randomToken(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`,
      secretAccessKey: randomToken(40),
      region: 'us-east-1',
      bucket: 'floe-lab',
    },
    ports: {},
  };
  saveConfig(path, config);
  return config;
}

/** The optional parts' credentials, made on first use (a lab home from before they existed has none). */
export function withPartSecrets(config: LabConfig): LabConfig {
  return {
    ...config,
    connect: config.connect ?? { username: 'floe', password: randomToken(24) },
    postgres: config.postgres ?? { password: randomToken(24) },
  };
}

export function saveConfig(path: string, config: LabConfig): void {
  writeAtomic(path, `${JSON.stringify(config, null, 2)}\n`);
}
