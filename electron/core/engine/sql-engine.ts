import { mkdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBDataChunk, type DuckDBResult, type DuckDBType } from '@duckdb/node-api';
import { FloeError } from '../../../shared/errors';
import type { QueryResult } from '../../../shared/model/lake';
import { ArrowCollector } from './arrow-result';
import { quoteIdent } from '../lake/spec/types';

export interface QueryOptions {
  /** Rows returned at most; the result says when there were more. */
  limit: number;
  signal?: AbortSignal;
}

/** Receives a streamed result: its columns first, then its chunks. */
export interface ChunkSink {
  start(names: string[], types: DuckDBType[]): Promise<void>;
  chunk(chunk: DuckDBDataChunk): void;
}

interface ViewDef {
  schema: string;
  name: string;
  sql: string;
}

const READ_ONLY = new Set<number>([StatementType.SELECT, StatementType.EXPLAIN]);

function dirWithSep(dir: string): string {
  const abs = resolve(dir);
  return abs.endsWith(sep) ? abs : abs + sep;
}

function duckError(e: unknown): FloeError {
  if (e instanceof FloeError) return e;
  const msg = ((e as Error)?.message ?? String(e)).replace(/^Failed to (extract statements|prepare statement): /, '');
  if (/INTERRUPT|Interrupted/i.test(msg)) return new FloeError('CANCELLED', 'Query cancelled');
  if (/Permission Error/i.test(msg)) return new FloeError('BAD_INPUT', `Refused by Floe's SQL sandbox: ${msg.replace(/^Permission Error:\s*/i, '').split('\n')[0]}`);
  if (/^(Parser|Binder|Catalog|Conversion|Invalid Input) Error/.test(msg)) return new FloeError('BAD_INPUT', `Invalid SQL: ${msg.split('\n').filter(Boolean).slice(0, 3).join(' ').trim()}`);
  return new FloeError('BAD_INPUT', msg.split('\n').filter(Boolean).slice(0, 3).join(' ').trim());
}

/**
 * The embedded DuckDB that runs ad-hoc SQL, locked down: only Floe's folders (its cache and the folders
 * of registered tables' files) can be read, external access, extension loading and configuration changes
 * are off, and statements other than SELECT/EXPLAIN are refused. Queries run on DuckDB's own threads;
 * each has its own connection, so cancelling one interrupts only it.
 */
export class SqlEngine {
  private instance: DuckDBInstance | null = null;
  private allowed: string[] = [];
  private readonly views = new Map<string, ViewDef>();
  private opening: Promise<DuckDBInstance> | null = null;

  constructor(private readonly workDir: string) {
    this.allowed = [dirWithSep(workDir)];
  }

  private covered(dir: string): boolean {
    const d = dirWithSep(dir);
    return this.allowed.some((a) => d.startsWith(a));
  }

  /** Creates the view `schema.name` over a SELECT reading files under `dirs` (replacing one of that name). */
  async registerView(schema: string, name: string, sql: string, dirs: string[]): Promise<void> {
    const missing = [...new Set(dirs.map(dirWithSep))].filter((d) => !this.covered(d));
    const def = { schema, name, sql };
    this.views.set(`${schema}\u0000${name}`, def);
    if (missing.length > 0) {
      // The allow-list is locked once set: widen it by starting a fresh instance and replaying the views.
      this.allowed = [...this.allowed, ...missing];
      await this.reset();
    }
    const db = await this.open();
    const conn = await db.connect();
    try {
      await this.createView(conn, def);
    } catch (e) {
      this.views.delete(`${schema}\u0000${name}`);
      throw duckError(e);
    } finally {
      conn.closeSync();
    }
  }

  /** Drops a view registered for one query (a pruned scan), so such views do not pile up. */
  async dropView(schema: string, name: string): Promise<void> {
    if (!this.views.delete(`${schema}\u0000${name}`) || !this.instance) return;
    const conn = await this.instance.connect();
    try {
      await conn.run(`DROP VIEW IF EXISTS ${quoteIdent(schema)}.${quoteIdent(name)}`);
    } finally {
      conn.closeSync();
    }
  }

  hasView(schema: string, name: string): boolean {
    return this.views.has(`${schema}\u0000${name}`);
  }

  private async createView(conn: DuckDBConnection, v: ViewDef): Promise<void> {
    await conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(v.schema)}`);
    await conn.run(`CREATE OR REPLACE VIEW ${quoteIdent(v.schema)}.${quoteIdent(v.name)} AS ${v.sql}`);
  }

  private open(): Promise<DuckDBInstance> {
    if (this.instance) return Promise.resolve(this.instance);
    this.opening ??= (async () => {
      const tmp = join(this.workDir, 'duckdb-tmp');
      mkdirSync(tmp, { recursive: true });
      const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
      const conn = await db.connect();
      try {
        const list = this.allowed.map((d) => `'${d.replace(/'/g, "''")}'`).join(', ');
        await conn.run(`SET GLOBAL TimeZone = 'UTC'`);
        await conn.run(`SET GLOBAL temp_directory = '${tmp.replace(/'/g, "''")}'`);
        await conn.run(`SET GLOBAL allowed_directories = [${list}]`);
        await conn.run(`SET GLOBAL enable_external_access = false`);
        await conn.run(`SET GLOBAL lock_configuration = true`);
        for (const v of this.views.values()) await this.createView(conn, v);
      } finally {
        conn.closeSync();
      }
      this.instance = db;
      return db;
    })().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async reset(): Promise<void> {
    const old = this.instance;
    this.instance = null;
    old?.closeSync();
  }

  /** Qualified names of the tables a statement reads (without running it). */
  async referencedTables(sql: string): Promise<string[]> {
    const db = await this.open();
    const conn = await db.connect();
    try {
      return [...conn.getTableNames(sql, true)];
    } catch (e) {
      throw duckError(e);
    } finally {
      conn.closeSync();
    }
  }

  /** Prepares one statement on `conn`, refusing anything but a single SELECT/EXPLAIN. */
  private async prepareReadOnly(conn: DuckDBConnection, sql: string) {
    const extracted = await conn.extractStatements(sql).catch((e: unknown) => {
      throw duckError(e);
    });
    if (extracted.count === 0) throw new FloeError('BAD_INPUT', 'The SQL text holds no statement');
    if (extracted.count > 1) throw new FloeError('BAD_INPUT', `The SQL text holds ${extracted.count} statements; run one at a time`);
    const prepared = await extracted.prepare(0).catch((e: unknown) => {
      throw duckError(e);
    });
    if (!READ_ONLY.has(prepared.statementType))
      throw new FloeError('BAD_INPUT', `Floe's SQL is read-only: ${StatementType[prepared.statementType] ?? 'this'} statements are refused (use SELECT)`);
    return prepared;
  }

  /** Runs one read-only statement on its own connection, handing its streamed result to `consume`; `signal` interrupts it. */
  private async withResult<T>(sql: string, signal: AbortSignal | undefined, consume: (result: DuckDBResult) => Promise<T>): Promise<T> {
    const db = await this.open();
    const conn = await db.connect();
    const onAbort = () => conn.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (signal?.aborted) throw new FloeError('CANCELLED', 'Query cancelled');
      const prepared = await this.prepareReadOnly(conn, sql);
      return await consume(await prepared.stream());
    } catch (e) {
      if (signal?.aborted) throw new FloeError('CANCELLED', 'Query cancelled');
      throw duckError(e);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      conn.closeSync();
    }
  }

  /** Runs one read-only statement; returns at most `limit` rows as Arrow IPC. */
  async query(sql: string, options: QueryOptions): Promise<QueryResult> {
    const started = performance.now();
    return this.withResult(sql, options.signal, async (result) => {
      const out = new ArrowCollector(result.columnNames(), result.columnTypes());
      let truncated = false;
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const room = options.limit - out.rowCount;
        if (chunk.rowCount > room) {
          out.add(chunk, room);
          truncated = true;
          break;
        }
        out.add(chunk, room);
      }
      return {
        columns: out.columnViews(),
        arrow: out.toIpc(),
        rowCount: out.rowCount,
        truncated,
        ...(truncated ? { note: `The result has more than ${options.limit} rows; showing the first ${options.limit} (add LIMIT, a filter or an aggregate)` } : {}),
        elapsedMs: Math.round(performance.now() - started),
      };
    });
  }

  /** Runs one read-only statement and hands every chunk of its result, in order, to `sink` (e.g. another instance's appender). */
  async forEachChunk(sql: string, sink: ChunkSink, signal?: AbortSignal): Promise<void> {
    await this.withResult(sql, signal, async (result) => {
      await sink.start(result.columnNames(), result.columnTypes());
      for (;;) {
        if (signal?.aborted) throw new FloeError('CANCELLED', 'Query cancelled');
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        sink.chunk(chunk);
      }
    });
  }

  close(): void {
    this.instance?.closeSync();
    this.instance = null;
  }
}
