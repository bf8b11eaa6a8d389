import { FloeError } from '../../../../shared/errors';
import type { ObjectStoreRef } from '../../../../shared/model/lake';
import { ScanPlanner } from '../scan/planner';
import { FileCache } from './file-cache';
import { FileIO } from './file-io';
import { connectionKey, type ObjectStoreResolver } from './store-connections';

/** The file access of one object store: its FileIO and a planner whose manifest cache belongs to it. */
export interface StoreContext {
  key: string;
  io: FileIO;
  planner: ScanPlanner;
}

/**
 * One FileIO per object store connection (local files need none), all sharing one size-bounded data file cache.
 * A connection whose keys changed gets a new context, so an old client never answers for new keys.
 */
export class StoreContexts {
  readonly cache: FileCache;
  readonly local: StoreContext;
  private readonly stores = new Map<string, StoreContext>();

  constructor(
    private readonly cacheDir: string,
    private readonly resolve?: ObjectStoreResolver,
  ) {
    this.cache = new FileCache(cacheDir, 4 * 1024 ** 3);
    const io = new FileIO({ cacheDir, cache: this.cache });
    this.local = { key: 'local', io, planner: new ScanPlanner(io) };
  }

  get(ref: ObjectStoreRef | undefined): StoreContext {
    if (!ref) return this.local;
    if (!this.resolve) throw new FloeError('UNSUPPORTED', 'This Floe core has no connection profiles to take an object store from');
    const conn = this.resolve(ref);
    if (!conn) return this.local;
    const key = connectionKey(conn);
    let ctx = this.stores.get(key);
    if (!ctx) {
      const io = new FileIO({
        cacheDir: this.cacheDir,
        cache: this.cache,
        cacheScope: `${conn.endpoint ?? `aws:${conn.region}`}|`,
        s3For: (bucket) => ({ ...conn, bucket }),
      });
      ctx = { key, io, planner: new ScanPlanner(io) };
      this.stores.set(key, ctx);
    }
    return ctx;
  }

  close(): void {
    this.local.io.close();
    for (const c of this.stores.values()) c.io.close();
    this.stores.clear();
  }
}
