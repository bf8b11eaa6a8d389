import { spawn } from 'node:child_process';
import { LabError } from './errors';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  timeoutMs?: number;
  input?: string;
  /** Run as this OS user. */
  user?: { uid: number; gid: number };
}

/** Runs a command to completion; on failure throws START_FAILED quoting the last lines of its output. */
export function run(what: string, command: string, args: string[], opts: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      signal: opts.signal,
      timeout: opts.timeoutMs ?? 600_000,
      killSignal: 'SIGKILL',
      ...opts.user,
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-32_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // A child that exits before reading its input breaks the pipe; its exit code and output tell why.
    child.stdin?.on('error', () => {});
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    child.once('error', (error) => {
      if (error.name === 'AbortError') reject(error);
      else reject(new LabError(`${what} failed: ${error.message}`, 'START_FAILED'));
    });
    child.once('close', (code, signal) => {
      if (code === 0) return resolve(output);
      const last = output.split('\n').filter((l) => l.trim()).slice(-12).join('\n');
      reject(new LabError(`${what} failed (${signal ?? `exit ${code}`})${last ? `:\n${last}` : ''}`, 'START_FAILED'));
    });
  });
}
