import { homedir } from 'node:os';
import { join } from 'node:path';

/** Downloads and builds shared by every lab home: $FLOE_CACHE_DIR, else ~/.cache/floe (never inside the repo). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLOE_CACHE_DIR) return env.FLOE_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'floe');
}

/** The lab's state folder: $FLOE_LAB_HOME, else <cache>/lab. */
export function labHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.FLOE_LAB_HOME || join(cacheDir(env), 'lab');
}

/** Where each thing lives inside a lab home. */
export function labPaths(home: string) {
  return {
    home,
    state: join(home, 'state.json'),
    starting: join(home, 'starting.json'),
    config: join(home, 'lab-config.json'),
    lock: join(home, 'start.lock'),
    logs: join(home, 'logs'),
    tls: join(home, 'tls'),
    kafka: join(home, 'kafka'),
    registry: join(home, 'registry'),
    s3: join(home, 's3'),
  };
}

export type LabPaths = ReturnType<typeof labPaths>;
