import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');

export interface FloeRun {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs the built `floe` command without blocking this process (servers the test runs in-process, such as a
 * silent broker or a proxy, keep answering meanwhile). Killed after `timeoutMs`, so a hang fails the test.
 */
export function floeRun(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<FloeRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/floe.mjs'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: performance.now() - started });
    });
  });
}
