import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { LabError } from './errors';
import { ensureGoBinary } from './go-tool';
import type { LabConfig } from './lab-config';
import { hostPort } from './ports';
import { isAlive, spawnDetached, tail } from './processes';
import type { LabInfo, LabProcess } from './types';

// versitygw (Apache-2.0): an S3 gateway over a plain folder that checks SigV4 signatures.
const VERSITYGW = { name: 'versitygw', pkg: 'github.com/versity/versitygw/cmd/versitygw', version: 'v1.8.0' };

export function ensureS3Server(cache: string, progress: (line: string) => void, signal?: AbortSignal): Promise<string> {
  return ensureGoBinary({ cache, ...VERSITYGW, progress, signal });
}

export function s3Info(config: LabConfig, port: number): NonNullable<LabInfo['s3']> {
  return {
    endpoint: `http://${hostPort(port)}`,
    region: config.s3.region,
    bucket: config.s3.bucket,
    accessKeyId: config.s3.accessKeyId,
    secretAccessKey: config.s3.secretAccessKey,
    forcePathStyle: true,
  };
}

export function startS3Server(binary: string, dir: string, logs: string, config: LabConfig, port: number): Promise<LabProcess> {
  const data = join(dir, 'data');
  const meta = join(dir, 'meta'); // a sidecar folder: no need for extended attributes on the file system
  mkdirSync(data, { recursive: true, mode: 0o700 });
  mkdirSync(meta, { recursive: true, mode: 0o700 });
  return spawnDetached({
    name: 's3',
    command: binary,
    args: ['--port', hostPort(port), '--region', config.s3.region, '--quiet', 'posix', '--sidecar', meta, data],
    // Credentials through the environment, not argv (argv is visible to every user in `ps`).
    env: { ...process.env, ROOT_ACCESS_KEY: config.s3.accessKeyId, ROOT_SECRET_KEY: config.s3.secretAccessKey },
    log: join(logs, 's3.log'),
    cwd: dir,
  });
}

/** Ready once a signed request is answered; then makes sure the lab bucket exists. */
export async function waitS3Ready(proc: LabProcess, info: NonNullable<LabInfo['s3']>, deadline: number, signal?: AbortSignal): Promise<void> {
  const client = new S3Client({
    endpoint: info.endpoint,
    region: info.region,
    forcePathStyle: true,
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
    maxAttempts: 1,
  });
  let last = 'no answer yet';
  try {
    while (Date.now() < deadline) {
      signal?.throwIfAborted();
      if (!isAlive(proc.pid)) throw new LabError(`The S3 server exited during start-up:\n${tail(proc.log)}`, 'START_FAILED');
      try {
        await client.send(new HeadBucketCommand({ Bucket: info.bucket }));
        return;
      } catch (error) {
        const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
        if (e.$metadata?.httpStatusCode === 404 || e.name === 'NotFound' || e.name === 'NoSuchBucket') {
          await client.send(new CreateBucketCommand({ Bucket: info.bucket }));
          return;
        }
        last = `${e.name ?? 'Error'}: ${e.message ?? ''}`;
      }
      await sleep(150);
    }
  } finally {
    client.destroy();
  }
  throw new LabError(`The S3 server did not become ready in time (${last}):\n${tail(proc.log)}`, 'TIMEOUT');
}
