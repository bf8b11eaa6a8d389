import { rmSync } from 'node:fs';
import { readJson, writeAtomic } from './files';
import { acquireFileLock } from './lock';
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

/** One start at a time per lab home (the CLI, the app and a test run may race). */
export function acquireStartLock(home: string, timeoutMs: number, signal?: AbortSignal): Promise<() => void> {
  return acquireFileLock(labPaths(home).lock, { timeoutMs, signal, what: 'Lab start' });
}
