import { open, readdir, rename, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { FloeError } from '../../../../shared/errors';
import type { ByteRange, ObjectInfo, ObjectStore } from './object-store';

function notFound(path: string, e: unknown): never {
  if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new FloeError('NOT_FOUND', `File ${path} does not exist`);
  throw new FloeError('REMOTE_ERROR', `Cannot read ${path}: ${(e as Error).message}`);
}

/** A folder as an object store. Keys are paths under the root (or absolute when the root is "/"). */
export class LocalStore implements ObjectStore {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }
  get where(): string {
    return this.root;
  }

  path(key: string): string {
    return key.startsWith('/') && this.root === '/' ? key : join(this.root, key);
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const base = this.path(prefix);
    const out: ObjectInfo[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return [];
        throw e;
      });
      for (const e of entries) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.isFile()) {
          const info = await stat(p);
          out.push({ key: relative(this.root, p), size: info.size, modifiedMs: info.mtimeMs });
        }
      }
    };
    await walk(base);
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  async read(key: string, range?: ByteRange): Promise<Uint8Array> {
    const p = this.path(key);
    const fh = await open(p, 'r').catch((e: unknown) => notFound(p, e));
    try {
      if (!range) return new Uint8Array(await fh.readFile());
      const buf = Buffer.alloc(range.length);
      const { bytesRead } = await fh.read(buf, 0, range.length, range.offset);
      return new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
    } finally {
      await fh.close();
    }
  }

  async size(key: string): Promise<number> {
    const p = this.path(key);
    return (await stat(p).catch((e: unknown) => notFound(p, e))).size;
  }

  async write(key: string, bytes: Uint8Array): Promise<void> {
    const p = this.path(key);
    await mkdir(dirname(p), { recursive: true });
    const tmp = `${p}.${randomUUID()}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, p);
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
