import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createHash, randomUUID } from 'node:crypto';
import { extname, join } from 'node:path';

/**
 * A size-bounded local copy of remote data files, so DuckDB reads them from disk. Least recently used
 * files go first when the total passes the bound; a file being fetched twice at once is fetched once.
 */
export class FileCache {
  private readonly inflight = new Map<string, Promise<string>>();
  constructor(
    readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  pathFor(uri: string): string {
    const ext = extname(uri.replace(/[?#].*$/, '')).slice(0, 16);
    return join(this.dir, `${createHash('sha256').update(uri).digest('hex').slice(0, 40)}${ext}`);
  }

  /** The cached copy's path, fetching it with `fetch` when absent. */
  async get(uri: string, fetch: () => Promise<Uint8Array>): Promise<string> {
    const path = this.pathFor(uri);
    const hit = await stat(path).catch(() => null);
    if (hit) {
      const now = new Date();
      await utimes(path, now, now).catch(() => undefined);
      return path;
    }
    const pending = this.inflight.get(path);
    if (pending) return pending;
    const job = (async () => {
      const bytes = await fetch();
      await mkdir(this.dir, { recursive: true });
      const tmp = `${path}.${randomUUID()}.part`;
      await writeFile(tmp, bytes);
      await rename(tmp, path);
      await this.evict(path);
      return path;
    })().finally(() => this.inflight.delete(path));
    this.inflight.set(path, job);
    return job;
  }

  /** Removes least recently used files until the total fits; never the file just added. */
  async evict(keep?: string): Promise<number> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const files = (
      await Promise.all(
        names.filter((n) => !n.endsWith('.part')).map(async (n) => {
          const p = join(this.dir, n);
          const s = await stat(p).catch(() => null);
          return s ? { p, size: s.size, used: s.mtimeMs } : null;
        }),
      )
    ).filter((f): f is { p: string; size: number; used: number } => f !== null);
    let total = files.reduce((a, f) => a + f.size, 0);
    let removed = 0;
    for (const f of files.sort((a, b) => a.used - b.used)) {
      if (total <= this.maxBytes) break;
      if (f.p === keep) continue;
      await rm(f.p, { force: true });
      total -= f.size;
      removed++;
    }
    return removed;
  }
}
