import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildOnce } from './build-once';
import { requireTool } from './prerequisites';
import { run } from './run';

/**
 * A Go program built once with `go install` into <cache>/<name>-<version>/bin and reused (under the
 * cache entry's lock: parallel lab starts would otherwise each build it).
 * (Go's own module and build caches make a rebuild after a cache wipe fast too.)
 */
export async function ensureGoBinary(opts: { cache: string; name: string; pkg: string; version: string; progress: (line: string) => void; signal?: AbortSignal }): Promise<string> {
  const root = join(opts.cache, `${opts.name}-${opts.version}`);
  const binary = join(root, 'bin', opts.name);
  await buildOnce(root, {
    what: `${opts.name} ${opts.version}`,
    ready: () => existsSync(binary),
    progress: opts.progress,
    signal: opts.signal,
    build: async () => {
      requireTool('go');
      opts.progress(`Building ${opts.name} ${opts.version} with go install (once; cached in ${root}; a cold Go build cache takes a minute or two)`);
      const staging = join(root, `bin.tmp-${process.pid}`);
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      await run(`go install ${opts.pkg}@${opts.version}`, 'go', ['install', `${opts.pkg}@${opts.version}`], {
        cwd: root,
        env: { ...process.env, GOBIN: staging, GOFLAGS: [process.env.GOFLAGS, '-buildvcs=false'].filter(Boolean).join(' ') },
        signal: opts.signal,
        timeoutMs: 20 * 60_000,
      });
      if (!existsSync(join(staging, opts.name))) throw new Error(`go install finished but ${opts.name} is not in ${staging}`);
      rmSync(join(root, 'bin'), { recursive: true, force: true });
      renameSync(staging, join(root, 'bin'));
    },
  });
  return binary;
}
