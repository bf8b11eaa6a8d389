import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LabError } from './errors';
import { HOST } from './ports';
import { findPostgres, postgresUser, reachableBy, type PostgresInstall } from './postgres-install';
import { isAlive, spawnDetached, tail } from './processes';
import { run } from './run';
import type { LabInfo, LabProcess } from './types';

export const PG_DATABASE = 'lab';
export const PG_CDC_USER = 'dbz';
const PG_ADMIN = 'postgres';

export interface PostgresLayout {
  install: PostgresInstall;
  user?: { uid: number; gid: number };
  root: string;
  data: string;
  /** The Unix socket folder (admin work over the socket is trusted; TCP needs SCRAM). */
  run: string;
  log: string;
  /** A folder (the lab home) the postgres user must be able to search through. */
  searchable?: string;
  /** Set when the lab home is out of the postgres user's reach and the cluster lives elsewhere. */
  note?: string;
}

/**
 * The cluster lives in <home>/postgres. As root it runs as the `postgres` user, which must reach it:
 * the home becomes searchable (0711: no listing, every file in it stays 0600); when a parent folder
 * is closed to it (/root), the cluster moves to a folder of its own under the temp folder.
 */
export function postgresLayout(home: string, logs: string): PostgresLayout {
  const install = findPostgres();
  const user = postgresUser();
  let root = join(home, 'postgres');
  let note: string | undefined;
  let searchable: string | undefined;
  if (user) {
    if (reachableBy(dirname(home), user)) searchable = home;
    else {
      root = join(tmpdir(), `floe-lab-postgres-${createHash('sha256').update(home).digest('hex').slice(0, 12)}`);
      note = `PostgreSQL's cluster is in ${root}: the postgres OS user cannot reach ${home}`;
    }
  }
  return { install, user, root, data: join(root, 'data'), run: join(root, 'run'), log: join(logs, 'postgres.log'), searchable, note };
}

const asOwner = (layout: PostgresLayout, path: string) => {
  if (layout.user) chownSync(path, layout.user.uid, layout.user.gid);
};

// Admin work goes over the socket (trusted: the socket folder is the cluster owner's, mode 0700);
// TCP on 127.0.0.1 always needs a SCRAM password, replication connections included.
const HBA = [
  '# Written by Floe for the local lab; rewritten on every start.',
  'local all all trust',
  `host all all ${HOST}/32 scram-sha-256`,
  `host replication all ${HOST}/32 scram-sha-256`,
  '',
].join('\n');

/** Makes the cluster once (initdb into a staging folder, then rename) and rewrites pg_hba.conf. */
export async function preparePostgres(layout: PostgresLayout, signal?: AbortSignal): Promise<void> {
  if (layout.searchable) chmodSync(layout.searchable, 0o711);
  if (!existsSync(layout.root)) {
    mkdirSync(layout.root, { recursive: true, mode: 0o700 });
    asOwner(layout, layout.root);
  }
  // The fallback folder has a predictable name in the shared temp folder: use it only if it is the
  // cluster owner's own, private, real folder (else another user could have planted a cluster config).
  const root = lstatSync(layout.root);
  const owner = layout.user?.uid ?? process.getuid?.();
  if (!root.isDirectory() || (owner !== undefined && root.uid !== owner) || (root.mode & 0o077) !== 0) {
    throw new LabError(`${layout.root} is not a private folder of the PostgreSQL cluster's owner: remove it and start again`, 'START_FAILED');
  }
  mkdirSync(layout.run, { recursive: true, mode: 0o700 });
  asOwner(layout, layout.run);
  if (!existsSync(join(layout.data, 'PG_VERSION'))) {
    const staging = `${layout.data}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    rmSync(layout.data, { recursive: true, force: true });
    await run('initdb (the lab PostgreSQL cluster)', join(layout.install.bin, 'initdb'), ['-D', staging, '-U', PG_ADMIN, '-E', 'UTF8', '--locale=C', '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync'], {
      cwd: layout.root,
      user: layout.user,
      signal,
      timeoutMs: 120_000,
    });
    renameSync(staging, layout.data);
  }
  const hba = join(layout.data, 'pg_hba.conf');
  writeFileSync(hba, HBA, { mode: 0o600 });
  asOwner(layout, hba);
}

export function startPostgres(layout: PostgresLayout, home: string, port: number): Promise<LabProcess> {
  const setting = (name: string, value: string | number) => ['-c', `${name}=${value}`];
  return spawnDetached({
    name: 'postgres',
    command: join(layout.install.bin, 'postgres'),
    args: [
      '-D',
      layout.data,
      ...setting('listen_addresses', HOST),
      ...setting('port', port),
      ...setting('unix_socket_directories', layout.run),
      // Debezium's pgoutput needs logical decoding; each connector holds one slot and one WAL sender.
      ...setting('wal_level', 'logical'),
      ...setting('max_replication_slots', 16),
      ...setting('max_wal_senders', 16),
      // A slot left behind by a deleted connector must not fill the disk.
      ...setting('max_slot_wal_keep_size', '1GB'),
      ...setting('max_connections', 50),
      ...setting('shared_buffers', '32MB'),
      // A test lab: durability against power loss is not worth the fsyncs.
      ...setting('fsync', 'off'),
      ...setting('cluster_name', 'floe-lab'),
      // Names the lab home on the command line, which is how the lab recognises its own processes.
      ...setting('floe.lab_home', home),
    ],
    user: layout.user,
    stopSignal: 'SIGINT', // a fast shutdown: SIGTERM would wait for every client (Debezium) to leave
    log: layout.log,
    cwd: layout.root,
  });
}

/** psql as the admin over the lab cluster's socket; SQL on stdin (passwords never on a command line). */
export function adminPsql(pg: NonNullable<LabInfo['postgres']>, sql: string, opts: { database?: string; signal?: AbortSignal } = {}): Promise<string> {
  const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', pg.socketDir, '-p', String(pg.port), '-U', pg.adminUser, '-d', opts.database ?? pg.database];
  return run('psql (lab PostgreSQL)', join(pg.binDir, 'psql'), args, { input: sql, signal: opts.signal, timeoutMs: 60_000, env: { ...process.env, PGCONNECT_TIMEOUT: '5' } });
}

export function postgresInfo(layout: PostgresLayout, port: number, password: string): NonNullable<LabInfo['postgres']> {
  return {
    host: HOST,
    port,
    database: PG_DATABASE,
    user: PG_CDC_USER,
    password,
    adminUser: PG_ADMIN,
    socketDir: layout.run,
    binDir: layout.install.bin,
    version: layout.install.version,
  };
}

// Idempotent, run on every start: the CDC user (replication, not a superuser: it reads what it is
// granted and the publications are made by hand) and the lab database.
const setupSql = (password: string) => `
SELECT 'CREATE ROLE ${PG_CDC_USER}' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PG_CDC_USER}') \\gexec
ALTER ROLE ${PG_CDC_USER} WITH LOGIN REPLICATION NOSUPERUSER PASSWORD '${password}';
SELECT 'CREATE DATABASE ${PG_DATABASE}' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${PG_DATABASE}') \\gexec
\\c ${PG_DATABASE}
GRANT USAGE ON SCHEMA public TO ${PG_CDC_USER};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${PG_CDC_USER};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${PG_CDC_USER};
`;

/** Ready once the admin gets an answer over the socket; then makes the CDC user and the lab database. */
export async function waitPostgresReady(proc: LabProcess, info: NonNullable<LabInfo['postgres']>, deadline: number, signal?: AbortSignal): Promise<void> {
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (!isAlive(proc.pid)) throw new LabError(`PostgreSQL exited during start-up:\n${tail(proc.log)}`, 'START_FAILED');
    try {
      await adminPsql(info, 'SELECT 1', { database: 'postgres', signal });
      await adminPsql(info, setupSql(info.password), { database: 'postgres', signal });
      return;
    } catch (error) {
      if (signal?.aborted) throw error;
      last = (error as Error).message.split('\n').slice(-1)[0] ?? '';
    }
    await sleep(200);
  }
  throw new LabError(`PostgreSQL did not become ready in time (${last}):\n${tail(proc.log)}`, 'TIMEOUT');
}
