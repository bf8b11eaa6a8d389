import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { StatementType, type DuckDBConnection, type DuckDBDataChunk, type DuckDBResult, type DuckDBType } from '@duckdb/node-api';
import { FloeError } from '../../../shared/errors';
import type { QueryResult } from '../../../shared/model/lake';
import { ArrowCollector } from './arrow-result';
import { quoteIdent } from '../lake/spec/types';
import { SandboxInstance, sweepTempFolders } from './sandbox-instance';
import { formatSize, type SqlLimits } from './sql-limits';

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
  /** The files the view reads: exactly what DuckDB is granted for it. */
  files: string[];
}

/** `EXPLAIN [ANALYZE] [(options)]` after any comments: what follows is the statement explained. */
const EXPLAIN_PREFIX = /^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*EXPLAIN\s+(?:ANALY[SZ]E\s+)?(?:\((?:[^()']|'(?:[^']|'')*')*\)\s*)?/i;

function viewKey(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

function duckError(e: unknown, limits: SqlLimits): FloeError {
  if (e instanceof FloeError) return e;
  const msg = ((e as Error)?.message ?? String(e)).replace(/^Failed to (extract statements|prepare statement): /, '');
  const lines = (n: number) => msg.split('\n').filter(Boolean).slice(0, n).join(' ').trim();
  if (/INTERRUPT|Interrupted/i.test(msg)) return new FloeError('CANCELLED', 'Query cancelled');
  if (/Permission Error/i.test(msg)) return new FloeError('BAD_INPUT', `Refused by Floe's SQL sandbox: ${msg.replace(/^Permission Error:\s*/i, '').split('\n')[0]}`);
  if (/^Out of Memory Error/i.test(msg))
    return new FloeError(
      'BAD_INPUT',
      `The query needs more than Floe's SQL limits allow (memory ${formatSize(limits.memoryLimitBytes)}, spilling to disk up to ${formatSize(limits.maxTempDirectorySizeBytes)}): ` +
        `narrow it, or raise sql.memoryLimit / sql.maxTempDirectorySize in settings.json of Floe's folder (or FLOE_SQL_MEMORY_LIMIT / FLOE_SQL_MAX_TEMP_SIZE). ${lines(1)}`,
    );
  if (/^(Parser|Binder|Catalog|Conversion|Invalid Input) Error/.test(msg)) return new FloeError('BAD_INPUT', `Invalid SQL: ${lines(3)}`);
  return new FloeError('BAD_INPUT', lines(3));
}

/**
 * The embedded DuckDB that runs ad-hoc SQL, locked down: it may read only the files of registered views (each checked
 * by the lake before it gets here: inside its table's folder, a Parquet file), external access, extension loading and
 * configuration changes are off, memory and spill space are capped, and statements other than SELECT (or an EXPLAIN
 * of one) are refused. A view that needs files not yet granted is made in a fresh instance with the wider grant list, and that
 * instance replaces the live one only once the view exists there: a failed view never widens what SQL can read.
 * Queries run on DuckDB's own threads, each on its own connection, so cancelling one interrupts only it.
 */
export class SqlEngine {
  private live: SandboxInstance | null = null;
  private readonly views = new Map<string, ViewDef>();
  private changes: Promise<unknown> = Promise.resolve();
  private readonly tempRoot: string;

  constructor(
    workDir: string,
    readonly limits: SqlLimits,
  ) {
    this.tempRoot = join(workDir, 'duckdb-tmp');
    mkdirSync(this.tempRoot, { recursive: true });
    sweepTempFolders(this.tempRoot);
  }

  /** Changes to views and grants, one at a time. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.changes.then(fn, fn);
    this.changes = run.catch(() => undefined);
    return run;
  }

  /** A fresh instance granted `grants`, with every view of `views` that can still be made there; `lost` names the others. */
  private async build(views: ViewDef[], grants: Set<string>): Promise<{ next: SandboxInstance; lost: string[] }> {
    const next = await SandboxInstance.open(grants, this.tempRoot, this.limits);
    const lost: string[] = [];
    for (const v of views) await next.use((c) => this.createView(c, v)).catch(() => lost.push(viewKey(v.schema, v.name)));
    return { next, lost };
  }

  /** Makes `next` the instance queries use; views it could not make are forgotten (the lake registers them again when named). */
  private swap(next: SandboxInstance, lost: string[]): SandboxInstance {
    for (const k of lost) this.views.delete(k);
    this.live?.retire();
    this.live = next;
    return next;
  }

  private async ensureLive(): Promise<SandboxInstance> {
    if (this.live) return this.live;
    const views = [...this.views.values()];
    const { next, lost } = await this.build(views, new Set(views.flatMap((v) => v.files)));
    return this.swap(next, lost);
  }

  /** Runs `fn` on a connection of the live instance (a swap between looking it up and using it means: look again). */
  private async withLive<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    for (;;) {
      const db = this.live ?? (await this.serial(() => this.ensureLive()));
      if (db.current) return db.use(fn);
    }
  }

  /** Creates the view `schema.name` over a SELECT reading exactly `files` (replacing one of that name). */
  async registerView(schema: string, name: string, sql: string, files: string[]): Promise<void> {
    await this.serial(async () => {
      const key = viewKey(schema, name);
      const def: ViewDef = { schema, name, sql, files: [...new Set(files)] };
      const live = await this.ensureLive();
      if (def.files.every((f) => live.grants.has(f))) {
        await live.use((c) => this.createView(c, def)).catch((e: unknown) => {
          throw duckError(e, this.limits);
        });
        this.views.set(key, def);
        return;
      }
      const others = [...this.views.entries()].filter(([k]) => k !== key).map(([, v]) => v);
      const { next, lost } = await this.build(others, new Set([...others.flatMap((v) => v.files), ...def.files]));
      try {
        await next.use((c) => this.createView(c, def));
      } catch (e) {
        next.retire();
        throw duckError(e, this.limits);
      }
      this.views.set(key, def);
      this.swap(next, lost);
    });
  }

  /** Drops a view registered for one query (a pruned scan), so such views do not pile up. */
  async dropView(schema: string, name: string): Promise<void> {
    await this.serial(async () => {
      if (!this.views.delete(viewKey(schema, name)) || !this.live) return;
      await this.live.use((c) => c.run(`DROP VIEW IF EXISTS ${quoteIdent(schema)}.${quoteIdent(name)}`));
    });
  }

  hasView(schema: string, name: string): boolean {
    return this.views.has(viewKey(schema, name));
  }

  private async createView(conn: DuckDBConnection, v: ViewDef): Promise<void> {
    await conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(v.schema)}`);
    await conn.run(`CREATE OR REPLACE VIEW ${quoteIdent(v.schema)}.${quoteIdent(v.name)} AS ${v.sql}`);
  }

  /** Prepares the one statement of `sql` on `conn` (without running it). */
  private async prepareOne(conn: DuckDBConnection, sql: string) {
    const extracted = await conn.extractStatements(sql).catch((e: unknown) => {
      throw duckError(e, this.limits);
    });
    if (extracted.count === 0) throw new FloeError('BAD_INPUT', 'The SQL text holds no statement');
    if (extracted.count > 1) throw new FloeError('BAD_INPUT', `The SQL text holds ${extracted.count} statements; run one at a time`);
    return extracted.prepare(0).catch((e: unknown) => {
      throw duckError(e, this.limits);
    });
  }

  /**
   * Prepares one statement on `conn`, refusing anything but a SELECT, or an EXPLAIN of a SELECT: EXPLAIN ANALYZE runs
   * what it explains, so `EXPLAIN ANALYZE COPY …` or `… CREATE OR REPLACE VIEW …` would write.
   */
  private async prepareReadOnly(conn: DuckDBConnection, sql: string) {
    const readOnly = (type: StatementType) => `Floe's SQL is read-only: ${StatementType[type] ?? 'this'} statements are refused (use SELECT)`;
    const prepared = await this.prepareOne(conn, sql);
    if (prepared.statementType === StatementType.SELECT) return prepared;
    if (prepared.statementType !== StatementType.EXPLAIN) throw new FloeError('BAD_INPUT', readOnly(prepared.statementType));
    const prefix = EXPLAIN_PREFIX.exec(sql);
    const explained = prefix ? await this.prepareOne(conn, sql.slice(prefix[0].length)) : null;
    if (explained?.statementType !== StatementType.SELECT)
      throw new FloeError('BAD_INPUT', explained ? `${readOnly(explained.statementType)}, also under EXPLAIN` : 'Floe explains SELECT statements only: write EXPLAIN [ANALYZE] SELECT …');
    return prepared;
  }

  /** Runs one read-only statement on its own connection, handing its streamed result to `consume`; `signal` interrupts it. */
  private async withResult<T>(sql: string, signal: AbortSignal | undefined, consume: (result: DuckDBResult) => Promise<T>): Promise<T> {
    if (signal?.aborted) throw new FloeError('CANCELLED', 'Query cancelled');
    return this.withLive(async (conn) => {
      const onAbort = () => conn.interrupt();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        if (signal?.aborted) throw new FloeError('CANCELLED', 'Query cancelled');
        const prepared = await this.prepareReadOnly(conn, sql);
        return await consume(await prepared.stream());
      } catch (e) {
        if (signal?.aborted) throw new FloeError('CANCELLED', 'Query cancelled');
        throw duckError(e, this.limits);
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    });
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
    this.live?.retire();
    this.live = null;
  }
}
