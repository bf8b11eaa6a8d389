import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { duckdbLimitOptions, type SqlLimits } from './sql-limits';
import { processAlive } from '../util/process-alive';

function sqlList(items: Iterable<string>): string {
  return `[${[...items].map((s) => `'${s.replace(/'/g, "''")}'`).join(', ')}]`;
}

/** Removes the temp folders of Floe processes that are gone (each instance spills into `<pid>-<n>` of its own). */
export function sweepTempFolders(tempRoot: string): void {
  for (const name of readdirSync(tempRoot, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) rmSync(join(tempRoot, name), { recursive: true, force: true });
  }
}

let serial = 0;

/**
 * One locked-down DuckDB instance: it may read exactly the files in `grants` (and spill into its own temp folder),
 * nothing else; external access, extension loading and configuration changes are off. DuckDB cannot take a grant
 * back once the configuration is locked, so a changed grant list means a new instance: the engine retires the old
 * one, which closes when its last query ends.
 */
export class SandboxInstance {
  private users = 0;
  private retired = false;
  private closed = false;

  private constructor(
    private readonly db: DuckDBInstance,
    readonly grants: ReadonlySet<string>,
    private readonly tempDir: string,
  ) {}

  static async open(grants: Iterable<string>, tempRoot: string, limits: SqlLimits): Promise<SandboxInstance> {
    const granted = new Set(grants);
    const tempDir = join(tempRoot, `${process.pid}-${++serial}`);
    mkdirSync(tempDir, { recursive: true });
    const db = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      ...duckdbLimitOptions(limits),
      temp_directory: tempDir,
    });
    const instance = new SandboxInstance(db, granted, tempDir);
    try {
      await instance.use(async (conn) => {
        await conn.run(`SET GLOBAL TimeZone = 'UTC'`);
        await conn.run(`SET GLOBAL allowed_paths = ${sqlList(granted)}`);
        await conn.run(`SET GLOBAL enable_external_access = false`);
        await conn.run(`SET GLOBAL lock_configuration = true`);
      });
    } catch (e) {
      instance.retire();
      throw e;
    }
    return instance;
  }

  /** False once retired: new work goes to the instance that replaced it. */
  get current(): boolean {
    return !this.retired;
  }

  /** Runs `fn` on a connection of its own; the instance stays open until it returns. */
  async use<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    this.users++;
    let conn: DuckDBConnection | null = null;
    try {
      conn = await this.db.connect();
      return await fn(conn);
    } finally {
      conn?.closeSync();
      this.users--;
      if (this.retired && this.users === 0) this.close();
    }
  }

  /** No new work comes here: closes now, or when the last running query ends. */
  retire(): void {
    this.retired = true;
    if (this.users === 0) this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.closeSync();
    rmSync(this.tempDir, { recursive: true, force: true });
  }
}
