// `floe serve` (the built CLI) as its own process, a WebSocket client of its contract, and a count of the
// broker sockets a process holds. Shared by the browser-mode integration tests and the e2e specs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { RpcClient } from '../../../shared/rpc/client';
import type { FloeContract } from '../../../shared/rpc/contract';
import { wsTransport } from '../../../electron/server/ws-transport';

const root = join(import.meta.dirname, '..', '..', '..');

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
}

export function startServe(labHome: string, extraEnv: Record<string, string> = {}): Promise<ServeProcess> {
  const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-serve-')), FLOE_LAB_HOME: labHome, FLOE_NO_KEYRING: '1', ...extraEnv };
  const child = spawn(process.execPath, [join(root, 'bin/floe.mjs'), 'serve', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`floe serve printed no URL in 30 s: ${stderr}`)), 30_000);
    void exited.then((code) => reject(new Error(`floe serve exited (${code}): ${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      const url = new URL((JSON.parse(line) as { url: string }).url);
      resolve({ child, url: url.href, port: Number(url.port), token: url.searchParams.get('token') ?? '', stderr: () => stderr, exited });
    });
  });
}

/** The contract over a WebSocket to a running `floe serve`, as the browser reaches it (token in the query). */
export function connectRpc(server: { port: number; token: string }): Promise<{ client: RpcClient<FloeContract>; socket: WebSocket }> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/rpc?token=${encodeURIComponent(server.token)}`);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ client: new RpcClient<FloeContract>(wsTransport(socket)), socket }));
    socket.once('error', reject);
  });
}

/** TCP sockets of process `pid` connected to `port` on 127.0.0.1 (its fds matched with /proc/net/tcp by inode). */
export function socketsTo(pid: number, port: number): number {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return 0; // the process is gone
  }
  const inodes = new Set<string>();
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed while we looked
    }
  }
  const remote = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let count = 0;
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols[2] === remote && inodes.has(cols[9] ?? '')) count++;
  }
  return count;
}
