import { FloeError } from '../../../../shared/errors';
import type { S3Settings } from '../../objectstore/s3-client';
import { FileCache } from './file-cache';
import { LocalStore } from './local-store';
import { parseLocation, type ObjectStore } from './object-store';
import { S3Store } from './s3-store';

export interface FileIOOptions {
  cacheDir: string;
  cacheBytes?: number;
  /** A cache shared with other FileIOs (then cacheDir and cacheBytes are its own). */
  cache?: FileCache;
  /** Distinguishes this store's objects in a shared cache: the same s3://bucket/key at another endpoint is another object. */
  cacheScope?: string;
  /** S3 settings (endpoint, credentials) for a bucket, when Floe knows them. */
  s3For?: (bucket: string) => S3Settings | undefined;
}

/** Reads and writes table files by their Iceberg location (`s3://…`, `file:…` or a plain path). */
export class FileIO {
  private readonly root = new LocalStore('/');
  private readonly buckets = new Map<string, S3Store>();
  readonly cache: FileCache;

  constructor(private readonly options: FileIOOptions) {
    this.cache = options.cache ?? new FileCache(options.cacheDir, options.cacheBytes ?? 4 * 1024 ** 3);
  }

  private target(uri: string): { store: ObjectStore; key: string } {
    const loc = parseLocation(uri);
    if (loc.scheme === 'file') {
      if (!loc.path.startsWith('/')) throw new FloeError('UNSUPPORTED', `Location "${uri}" is neither an absolute path, a file: URI nor an s3:// URI`);
      return { store: this.root, key: loc.path };
    }
    let store = this.buckets.get(loc.bucket);
    if (!store) {
      const settings = this.options.s3For?.(loc.bucket);
      if (!settings) throw new FloeError('BAD_INPUT', `No object store connection is set up for bucket "${loc.bucket}" (needed for ${uri})`);
      store = new S3Store(settings);
      this.buckets.set(loc.bucket, store);
    }
    return { store, key: loc.key };
  }

  /** Names of the objects directly under a folder location (`s3://b/t/metadata`, `/x/t/metadata`); empty when there is none. */
  async listNames(folderUri: string): Promise<string[]> {
    const base = folderUri.replace(/\/+$/, '');
    const { store, key } = this.target(`${base}/`);
    const prefix = key.replace(/^\/+/, '');
    const found = await store.list(key);
    return found
      .map((o) => o.key.replace(/^\/+/, ''))
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length))
      .filter((n) => n !== '' && !n.includes('/'));
  }

  /** Every object under a folder location, at any depth, named by its full location (the folder's form: path, file: or s3://). */
  async listTree(folderUri: string): Promise<{ uri: string; size: number; modifiedMs: number | null }[]> {
    const base = folderUri.replace(/\/+$/, '');
    const { store, key } = this.target(`${base}/`);
    const prefix = key.replace(/^\/+/, '');
    return (await store.list(key))
      .map((o) => ({ ...o, rel: o.key.replace(/^\/+/, '') }))
      .filter((o) => o.rel.startsWith(prefix) && o.rel.length > prefix.length)
      .map((o) => ({ uri: `${base}/${o.rel.slice(prefix.length)}`, size: o.size, modifiedMs: o.modifiedMs ?? null }));
  }

  read(uri: string): Promise<Uint8Array> {
    const { store, key } = this.target(uri);
    return store.read(key);
  }

  write(uri: string, bytes: Uint8Array): Promise<void> {
    const { store, key } = this.target(uri);
    return store.write(key, bytes);
  }

  delete(uri: string): Promise<void> {
    const { store, key } = this.target(uri);
    return store.delete(key);
  }

  async exists(uri: string): Promise<boolean> {
    const { store, key } = this.target(uri);
    return store.size(key).then(
      () => true,
      (e: unknown) => {
        if (e instanceof FloeError && e.code === 'NOT_FOUND') return false;
        throw e;
      },
    );
  }

  /** A path on this disk DuckDB can read: the file itself when local, a cached copy when remote. */
  async localPath(uri: string): Promise<string> {
    const loc = parseLocation(uri);
    if (loc.scheme === 'file') {
      const { store, key } = this.target(uri);
      await store.size(key);
      return loc.path;
    }
    return this.cache.get(`${this.options.cacheScope ?? ''}${uri}`, () => this.read(uri));
  }

  close(): void {
    for (const s of this.buckets.values()) s.close();
    this.buckets.clear();
  }
}
