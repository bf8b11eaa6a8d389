import { constants } from 'node:fs';
import { access, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DeleteObjectCommand, HeadBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { ObjectStoreCheck } from '../../../shared/model/connection-test';
import { FloeError } from '../../../shared/errors';
import { createS3Client, s3Error, type S3Settings } from './s3-client';

export type ObjectStoreTarget = { kind: 'local'; path: string } | ({ kind: 's3' } & S3Settings);

/** Can Floe read and write where this profile lands tables? Writes a probe object and removes it. */
export async function checkObjectStore(target: ObjectStoreTarget, signal?: AbortSignal): Promise<ObjectStoreCheck> {
  return target.kind === 'local' ? checkLocal(target.path) : checkS3(target, signal);
}

async function checkLocal(path: string): Promise<ObjectStoreCheck> {
  const dir = resolve(path);
  const info = await stat(dir).catch(() => null);
  if (info && !info.isDirectory()) throw new FloeError('BAD_INPUT', `${dir} exists but is not a folder`);
  if (!info) await mkdir(dir, { recursive: true }).catch((e: Error) => {
    throw new FloeError('NOT_FOUND', `Folder ${dir} does not exist and cannot be created: ${e.message}`);
  });
  const canRead = await access(dir, constants.R_OK).then(() => true, () => false);
  const probe = join(dir, `.floe-probe-${randomUUID()}`);
  const canWrite = await writeFile(probe, 'probe').then(() => rm(probe).then(() => true), () => false);
  return { kind: 'local', location: dir, canRead, canWrite };
}

async function checkS3(s: S3Settings, signal?: AbortSignal): Promise<ObjectStoreCheck> {
  const client = createS3Client(s);
  const opts = signal ? { abortSignal: signal } : {};
  try {
    await client.send(new HeadBucketCommand({ Bucket: s.bucket }), opts);
    const canRead = await client.send(new ListObjectsV2Command({ Bucket: s.bucket, MaxKeys: 1 }), opts).then(() => true, () => false);
    const key = `.floe-probe-${randomUUID()}`;
    const canWrite = await client
      .send(new PutObjectCommand({ Bucket: s.bucket, Key: key, Body: 'probe' }), opts)
      .then(() => client.send(new DeleteObjectCommand({ Bucket: s.bucket, Key: key }), opts))
      .then(() => true, () => false);
    return { kind: 's3', location: `${s.endpoint ?? 's3'}/${s.bucket}`, canRead, canWrite };
  } catch (e) {
    throw s3Error(e, s);
  } finally {
    client.destroy();
  }
}
