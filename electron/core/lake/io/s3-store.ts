import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { FloeError } from '../../../../shared/errors';
import { createS3Client, s3Error, type S3Settings } from '../../objectstore/s3-client';
import type { ByteRange, ObjectInfo, ObjectStore } from './object-store';

/** An S3-compatible bucket as an object store. A PUT is atomic in S3: readers never see half an object. */
export class S3Store implements ObjectStore {
  private readonly client: S3Client;
  constructor(private readonly settings: S3Settings) {
    this.client = createS3Client(settings);
  }
  get where(): string {
    return `s3://${this.settings.bucket}`;
  }

  private fail(e: unknown, key: string): never {
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const name = (e as { name?: string }).name;
    if (name === 'NoSuchBucket')
      throw new FloeError('NOT_FOUND', `Bucket "${this.settings.bucket}" does not exist at ${this.settings.endpoint ?? `AWS S3 (${this.settings.region})`}`, { missingBucket: this.settings.bucket });
    if (name === 'NoSuchKey' || (status === 404 && name !== 'NoSuchBucket')) throw new FloeError('NOT_FOUND', `Object s3://${this.settings.bucket}/${key} does not exist`);
    throw s3Error(e, this.settings);
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.client
        .send(new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: prefix, ContinuationToken: token }))
        .catch((e: unknown) => this.fail(e, prefix));
      for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0, ...(o.LastModified ? { modifiedMs: o.LastModified.getTime() } : {}) });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  async read(key: string, range?: ByteRange): Promise<Uint8Array> {
    const res = await this.client
      .send(
        new GetObjectCommand({
          Bucket: this.settings.bucket,
          Key: key,
          ...(range ? { Range: `bytes=${range.offset}-${range.offset + range.length - 1}` } : {}),
        }),
      )
      .catch((e: unknown) => this.fail(e, key));
    if (!res.Body) throw new FloeError('REMOTE_ERROR', `s3://${this.settings.bucket}/${key}: empty response body`);
    return res.Body.transformToByteArray();
  }

  async size(key: string): Promise<number> {
    const res = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key })).catch((e: unknown) => this.fail(e, key));
    return res.ContentLength ?? 0;
  }

  async write(key: string, bytes: Uint8Array): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: bytes })).catch((e: unknown) => this.fail(e, key));
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key })).catch((e: unknown) => this.fail(e, key));
  }

  close(): void {
    this.client.destroy();
  }
}
