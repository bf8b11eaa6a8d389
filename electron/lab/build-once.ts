import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { acquireFileLock } from './lock';

/**
 * Makes a cache entry once: `build` runs under a lock beside the entry (parallel lab starts, test
 * runs and the app share the cache), and not at all once `ready()` says the entry is whole (a
 * `complete` marker written last, or a file renamed into place).
 */
export async function buildOnce(root: string, opts: { what: string; ready: () => boolean; build: () => Promise<void>; progress: (line: string) => void; signal?: AbortSignal }): Promise<void> {
  const { ready } = opts;
  if (ready()) return;
  mkdirSync(dirname(root), { recursive: true });
  const release = await acquireFileLock(`${root}.lock`, {
    timeoutMs: 30 * 60_000,
    what: `Building ${opts.what}`,
    signal: opts.signal,
    onWait: (owner) => opts.progress(`Waiting for process ${owner}, which is making ${opts.what} in ${root}`),
  });
  try {
    if (!ready()) await opts.build();
  } finally {
    release();
  }
}

/** The file a build writes last; its presence means the entry is whole. */
export const completeMarker = (root: string) => join(root, 'complete');

export const isComplete = (root: string, ...files: string[]) => [completeMarker(root), ...files].every((f) => existsSync(f));
