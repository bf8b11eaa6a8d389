import { FloeError } from '../../../../shared/errors';

/** One interface over a local folder and an S3-compatible bucket. Paths are keys relative to the store's root. */
export interface ObjectInfo {
  key: string;
  size: number;
  /** When it was last written (ms since the epoch), when the store tells. */
  modifiedMs?: number;
}

export interface ByteRange {
  offset: number;
  length: number;
}

export interface ObjectStore {
  /** A description for messages: the folder or the bucket URL. */
  readonly where: string;
  list(prefix: string): Promise<ObjectInfo[]>;
  /** The whole object, or `range` of it. Throws NOT_FOUND naming the object when it is gone. */
  read(key: string, range?: ByteRange): Promise<Uint8Array>;
  size(key: string): Promise<number>;
  /** Readers see the old object or the new one, never a part. */
  write(key: string, bytes: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
}

/** NOT_FOUND for the object itself, not for its bucket (a missing bucket keeps its own message). */
export function isMissingObject(e: unknown): boolean {
  if (!(e instanceof FloeError) || e.code !== 'NOT_FOUND') return false;
  return !(e.detail && typeof e.detail === 'object' && 'missingBucket' in e.detail);
}

export type Location = { scheme: 'file'; path: string } | { scheme: 's3'; bucket: string; key: string };

function decodePath(uri: string, path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new FloeError('BAD_INPUT', `Location "${uri}" is not a valid file: URI (a % is not followed by two hex digits)`);
  }
}

/** `s3://b/k`, `s3a://…`, `file:///x`, `file:/x` or a plain absolute path. */
export function parseLocation(uri: string): Location {
  const s3 = /^s3[an]?:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (s3) return { scheme: 's3', bucket: s3[1] ?? '', key: s3[2] ?? '' };
  if (uri.startsWith('file:')) return { scheme: 'file', path: decodePath(uri, uri.slice(uri.startsWith('file://') ? 'file://'.length : 'file:'.length)) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return { scheme: 'file', path: '' };
  return { scheme: 'file', path: uri };
}

export function isSupportedLocation(uri: string): boolean {
  return /^s3[an]?:\/\//.test(uri) || uri.startsWith('file:') || !/^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
}
