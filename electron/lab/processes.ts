import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, fstatSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LabError } from './errors';
import type { LabProcess } from './types';

export interface SpawnSpec {
  name: string;
  command: string;
  args: string[];
  log: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run as this OS user (PostgreSQL refuses to run as root). */
  user?: { uid: number; gid: number };
  /** What stops it cleanly (default SIGTERM). */
  stopSignal?: NodeJS.Signals;
}

/**
 * Starts a process in its own session, stdout and stderr appended to its log, so it outlives
 * the CLI that ran `floe lab up`. Fails fast if the command cannot be spawned at all.
 */
export async function spawnDetached(spec: SpawnSpec): Promise<LabProcess> {
  mkdirSync(dirname(spec.log), { recursive: true, mode: 0o700 });
  const fd = openSync(spec.log, 'a', 0o600);
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
      ...spec.user,
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => reject(new LabError(`${spec.name} could not start: ${error.message}`, 'START_FAILED')));
    });
    child.unref();
    if (child.pid === undefined) throw new LabError(`${spec.name} could not start (no pid)`, 'START_FAILED');
    return { name: spec.name, pid: child.pid, log: spec.log, ...(spec.stopSignal ? { stopSignal: spec.stopSignal } : {}) };
  } finally {
    closeSync(fd);
  }
}

/** Alive and not a zombie; with `marker`, also checks the command line (guards against pid reuse) where /proc exists. */
export function isAlive(pid: number, marker?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const proc = `/proc/${pid}`;
  if (!existsSync(proc)) return true;
  try {
    const stat = readFileSync(`${proc}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    if (marker) return readFileSync(`${proc}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
  return true;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig); // its whole process group (spawned detached: group id = pid)
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

/** Its stop signal (SIGTERM unless the process says otherwise), wait up to `graceMs`, then SIGKILL. Resolves once every process is gone. */
export async function terminate(processes: Pick<LabProcess, 'pid' | 'stopSignal'>[], graceMs = 20_000): Promise<void> {
  const pids = processes.map((p) => p.pid);
  const alive = () => pids.filter((pid) => isAlive(pid));
  for (const p of processes) if (isAlive(p.pid)) signal(p.pid, p.stopSignal ?? 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive().length && Date.now() < deadline) await sleep(100);
  for (const pid of alive()) signal(pid, 'SIGKILL');
  const hard = Date.now() + 5_000;
  while (alive().length && Date.now() < hard) await sleep(50);
}

/** The last `lines` lines of a log (reads at most the last 64 KiB). */
export function tail(path: string, lines = 15): string {
  if (!existsSync(path)) return '';
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8').split('\n').filter((l) => l.trim()).slice(-lines).join('\n');
  } finally {
    closeSync(fd);
  }
}
