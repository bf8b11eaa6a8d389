import { createHash } from 'node:crypto';
import { FloeError } from '../../../../shared/errors';
import type { ObjectStoreRef } from '../../../../shared/model/lake';
import type { ResolvedProfile } from '../../connections/profile-service';
import type { S3Settings } from '../../objectstore/s3-client';

/** A profile's S3 endpoint and keys, for any bucket its locations name. */
export type S3Connection = Omit<S3Settings, 'bucket'>;

/** Turns a catalog's object store reference into S3 settings, in the core (ProfileService.resolve). */
export type ObjectStoreResolver = (ref: ObjectStoreRef) => S3Connection | null;

/** The S3 connection of a resolved profile; null when its object store is a local folder (plain paths need none). */
export function s3ConnectionOf({ profile, secrets }: ResolvedProfile): S3Connection | null {
  const store = profile.objectStore;
  if (!store) throw new FloeError('BAD_INPUT', `Connection profile "${profile.name}" has no object store set up`);
  if (store.kind === 'local') return null;
  if (!secrets.s3SecretAccessKey) throw new FloeError('BAD_INPUT', `Connection profile "${profile.name}" has an S3 access key id but no secret access key stored`);
  return {
    ...(store.endpoint ? { endpoint: store.endpoint } : {}),
    region: store.region,
    pathStyle: store.pathStyle,
    accessKeyId: store.accessKeyId,
    secretAccessKey: secrets.s3SecretAccessKey,
    ...(secrets.s3SessionToken ? { sessionToken: secrets.s3SessionToken } : {}),
  };
}

/** Identifies a connection (keys included, hashed) so changed keys open a new store and never reuse a stale client. */
export function connectionKey(c: S3Connection): string {
  return createHash('sha256').update(JSON.stringify([c.endpoint ?? '', c.region, c.pathStyle, c.accessKeyId, c.secretAccessKey ?? '', c.sessionToken ?? ''])).digest('hex').slice(0, 24);
}
