import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { LabError } from './errors';

export interface PostgresInstall {
  /** The folder holding initdb, postgres and psql. */
  bin: string;
  /** e.g. "15.18" */
  version: string;
}

const MIN_MAJOR = 13;
const TOOLS = ['initdb', 'postgres', 'psql'];

function which(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const path = join(dir, command);
    try {
      accessSync(path, constants.X_OK);
      return realpathSync(path);
    } catch {
      /* not here */
    }
  }
  return null;
}

/** Debian's /usr/lib/postgresql/<major>/bin (newest first), Homebrew's, and whatever `initdb` on PATH points at. */
function candidates(): string[] {
  const found: string[] = [];
  if (process.env.FLOE_PG_BIN) found.push(process.env.FLOE_PG_BIN);
  const onPath = which('initdb');
  if (onPath) found.push(dirname(onPath));
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    found.push(...majors.map((v) => join(debian, v, 'bin')));
  }
  for (const brew of ['/opt/homebrew/opt', '/usr/local/opt']) for (const v of ['postgresql@17', 'postgresql@16', 'postgresql@15']) found.push(join(brew, v, 'bin'));
  return found;
}

const hint = () => (process.platform === 'darwin' ? 'brew install postgresql@15' : 'apt-get install postgresql');

/** PostgreSQL's server binaries (not the system service: the lab runs its own cluster). */
export function findPostgres(): PostgresInstall {
  for (const bin of candidates()) {
    if (!TOOLS.every((t) => existsSync(join(bin, t)))) continue;
    const out = spawnSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8', timeout: 10_000 });
    const version = /PostgreSQL\)?\s+(\d+(?:\.\d+)?)/.exec(out.stdout ?? '')?.[1];
    if (!version) continue;
    if (Number(version.split('.')[0]) < MIN_MAJOR) throw new LabError(`PostgreSQL ${version} in ${bin} is too old: the lab needs ${MIN_MAJOR}+ (${hint()})`, 'MISSING_PREREQUISITE');
    return { bin, version };
  }
  throw new LabError(`PostgreSQL not found (looked for initdb, postgres and psql on PATH, in /usr/lib/postgresql/*/bin and in $FLOE_PG_BIN): install it (${hint()}); the lab runs its own cluster, not the system service`, 'MISSING_PREREQUISITE');
}

/** The OS user PostgreSQL runs as: ourselves, or the `postgres` user when we are root (it refuses root). */
export function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new LabError('Running as root, and PostgreSQL refuses to run as root: create a `postgres` OS user (the Debian package makes one) or run the lab as a normal user', 'MISSING_PREREQUISITE');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Whether `user` can reach (search) every folder down to `dir`. */
export function reachableBy(dir: string, user: { uid: number; gid: number }): boolean {
  const stops: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    stops.push(d);
    if (d === parse(d).root) break;
  }
  return stops.every((d) => {
    try {
      const s = statSync(d);
      if (s.uid === user.uid) return (s.mode & 0o100) !== 0;
      if (s.gid === user.gid) return (s.mode & 0o010) !== 0;
      return (s.mode & 0o001) !== 0;
    } catch {
      return false;
    }
  });
}
