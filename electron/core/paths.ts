import { homedir } from 'node:os';
import { join } from 'node:path';

/** Floe's own folder (profiles, sealed secrets, later the warehouse and caches): FLOE_HOME, else the XDG config dir. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLOE_HOME) return env.FLOE_HOME;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'floe');
}
