import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LabError } from './errors';
import { readJson, writeAtomic } from './files';
import { labPaths } from './paths';
import { isAlive } from './processes';
import type { LabInfo, LabProcess } from './types';

export function readState(home: string): LabInfo | null {
  return readJson<LabInfo>(labPaths(home).state);
}

export function writeState(info: LabInfo): void {
  writeAtomic(labPaths(info.home).state, `${JSON.stringify(info, null, 2)}\n`);
}

export function removeState(home: string): void {
  rmSync(labPaths(home).state, { force: true });
}

/** Processes of a start in progress: if that start dies half-way, the next one cleans them up. */
export function recordStarting(home: string, processes: LabProcess[]): void {
  writeAtomic(labPaths(home).starting, `${JSON.stringify(processes)}\n`);
}

export function readStarting(home: string): LabProcess[] {
  return readJson<LabProcess[]>(labPaths(home).starting) ?? [];
}

export function clearStarting(home: string): void {
  rmSync(labPaths(home).starting, { force: true });
}

/** Every recorded process still runs (and is still ours: its command line names the lab home). */
export function allAlive(info: LabInfo): boolean {
  return info.processes.length > 0 && info.processes.every((p) => isAlive(p.pid, info.home));
}

/**
 * One start at a time per lab home (the CLI, the app and a test run may race). The lock file holds
 * the owner's pid; a lock whose owner died is taken over.
 */
export async function acquireStartLock(home: string, timeoutMs: number, signal?: AbortSignal): Promise<() => void> {
  const path = labPaths(home).lock;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
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
    if (Date.now() > deadline) throw new LabError(`Another lab start (pid ${owner}) holds ${path}`, 'TIMEOUT');
    await sleep(250);
  }
}
