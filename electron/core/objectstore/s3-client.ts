import { S3Client } from '@aws-sdk/client-s3';
import { FloeError } from '../../../shared/errors';

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  pathStyle: boolean;
  accessKeyId: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

export function createS3Client(s: S3Settings): S3Client {
  if (!s.secretAccessKey) throw new FloeError('BAD_INPUT', 'The object store has an access key id but no secret access key');
  return new S3Client({
    region: s.region,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    forcePathStyle: s.pathStyle,
    credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, ...(s.sessionToken ? { sessionToken: s.sessionToken } : {}) },
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 3000, requestTimeout: 8000 },
  });
}

/** What the AWS SDK throws, as a FloeError naming the bucket and the cause. */
export function s3Error(e: unknown, s: S3Settings): FloeError {
  if (e instanceof FloeError) return e;
  const err = e as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode;
  const where = `${s.endpoint ?? `AWS S3 (${s.region})`} bucket "${s.bucket}"`;
  const name = err.name ?? err.code ?? '';
  if (name === 'NoSuchBucket' || (name === 'NotFound' && status === 404))
    return new FloeError('NOT_FOUND', `Bucket "${s.bucket}" does not exist at ${s.endpoint ?? 'AWS S3'}`);
  if (['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'Forbidden', 'InvalidClientTokenId', 'ExpiredToken'].includes(name) || status === 403)
    return new FloeError('AUTH_FAILED', `${where}: access denied (${name && name !== 'Unknown' ? name : `HTTP ${status ?? 403}`}): check the access key and secret`);
  if (/ECONNREFUSED/.test(String(err.code ?? err.message))) return new FloeError('UNREACHABLE', `${where}: connection refused: is the endpoint right?`);
  if (/ENOTFOUND|EAI_AGAIN/.test(String(err.code ?? err.message))) return new FloeError('UNREACHABLE', `${where}: host not found`);
  if (name === 'TimeoutError' || /timeout/i.test(err.message ?? '')) return new FloeError('TIMEOUT', `${where}: no answer in time`);
  return new FloeError('REMOTE_ERROR', `${where}: ${name ? `${name}: ` : ''}${err.message ?? String(e)}`);
}
