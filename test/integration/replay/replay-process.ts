// Runs a replay job in a child process (replay-child.ts) and kills it with SIGKILL: when it stalls before a
// commit (its transaction open), or `afterMs` after its first commit.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');

export function runAndKill(labHome: string, dataDir: string, id: string, when: { stallAt: number } | { afterMs: number }, secretKey?: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', join(import.meta.dirname, 'replay-child.ts'), labHome, dataDir, id, ...('stallAt' in when ? [String(when.stallAt)] : [])];
    const env = secretKey ? { ...process.env, FLOE_TEST_SECRET_KEY: secretKey.toString('hex') } : process.env;
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if ('stallAt' in when && out.includes('stalled')) child.kill('SIGKILL');
      if ('afterMs' in when && !timer && out.includes('"sent"')) timer = setTimeout(() => child.kill('SIGKILL'), when.afterMs);
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL') resolve(out);
      else reject(new Error(`the replay child ended (exit ${code}) before it was killed: ${out}`));
    });
  });
}
