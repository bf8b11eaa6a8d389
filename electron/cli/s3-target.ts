import { FloeError } from '../../shared/errors';
import type { ResolvedProfile } from '../core/connections/profile-service';

export const S3_PROFILE_ID = 'cli-s3';

export const S3_OPTIONS = {
  's3-endpoint': { type: 'string' },
  's3-region': { type: 'string' },
  's3-path-style': { type: 'boolean' },
} as const;

type S3Flags = { 's3-endpoint'?: string; 's3-region'?: string; 's3-path-style'?: boolean };

/**
 * `--s3-endpoint URL [--s3-region R] [--s3-path-style]` as an object store that lives for this command only, its keys
 * from FLOE_S3_ACCESS_KEY_ID / FLOE_S3_SECRET_ACCESS_KEY (and FLOE_S3_SESSION_TOKEN), never from flags. The core resolves
 * it like a saved profile's object store; the command has no cluster, so the profile names none.
 */
export function s3ProfileFrom(flags: S3Flags, env: NodeJS.ProcessEnv = process.env): ResolvedProfile | null {
  const wanted = flags['s3-endpoint'] !== undefined || flags['s3-region'] !== undefined || flags['s3-path-style'] !== undefined || env.FLOE_S3_ACCESS_KEY_ID !== undefined;
  if (!wanted) return null;
  const endpoint = flags['s3-endpoint'];
  if (endpoint !== undefined && !/^https?:\/\/[^/]/.test(endpoint)) throw new FloeError('BAD_INPUT', `--s3-endpoint takes an http(s):// URL, not "${endpoint}"`);
  const accessKeyId = env.FLOE_S3_ACCESS_KEY_ID;
  const secretAccessKey = env.FLOE_S3_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new FloeError('BAD_INPUT', 'S3 keys come from the environment: set FLOE_S3_ACCESS_KEY_ID and FLOE_S3_SECRET_ACCESS_KEY');
  const now = new Date().toISOString();
  return {
    profile: {
      id: S3_PROFILE_ID,
      name: 'command line object store',
      createdAt: now,
      updatedAt: now,
      kafka: { bootstrap: [], security: { protocol: 'PLAINTEXT' } },
      objectStore: {
        kind: 's3',
        ...(endpoint ? { endpoint } : {}),
        region: flags['s3-region'] ?? env.FLOE_S3_REGION ?? 'us-east-1',
        // Buckets are named by each s3:// location; this one is only the profile's default.
        bucket: 'from-locations',
        pathStyle: Boolean(flags['s3-path-style']),
        accessKeyId,
      },
    },
    secrets: { s3SecretAccessKey: secretAccessKey, ...(env.FLOE_S3_SESSION_TOKEN ? { s3SessionToken: env.FLOE_S3_SESSION_TOKEN } : {}) },
  };
}
