import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LabError } from './errors';
import { isAlive } from './processes';

/**
 * An exclusive lock between processes (lab starts, cache builds: the CLI, the app and several test
 * runs may race). The lock file holds the owner's pid; a lock whose owner died is taken over.
 * Returns the release function.
 */
export async function acquireFileLock(path: string, opts: { timeoutMs: number; what: string; signal?: AbortSignal; onWait?: (owner: number) => void }): Promise<() => void> {
  const deadline = Date.now() + opts.timeoutMs;
  let told = false;
  for (;;) {
    opts.signal?.throwIfAborted();
    // Write the pid beside the lock, then hard-link it into place: the lock never exists empty.
    const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temp, String(process.pid), { mode: 0o600 });
    try {
      linkSync(temp, path);
      return () => {
        if (existsSync(path) && readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(temp, { force: true });
    }
    let owner: number;
    try {
      owner = Number(readFileSync(path, 'utf8').trim());
    } catch {
      continue; // released between our attempt and this read
    }
    if (!owner || !isAlive(owner)) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new LabError(`${opts.what}: another process (pid ${owner}) holds ${path}`, 'TIMEOUT');
    if (!told) opts.onWait?.(owner);
    told = true;
    await sleep(250);
  }
}
