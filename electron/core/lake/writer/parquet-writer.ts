import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, type NestedField } from '../spec/types';
import { parquetMetrics, type FileMetrics } from './file-metrics';
import { copySelectToParquet, copyTableToParquet, createTableSql, sqlString, type CopyOptions } from './parquet-sql';
import { StagedRows } from './staged-rows';

export interface ParquetWriterOptions {
  threads?: number;
  memoryLimit?: string;
  /**
   * Staged rows live in a database file in the staging folder instead of memory: DuckDB compresses them at its
   * checkpoints and its buffer manager drops their blocks from memory past the memory limit (they are read back from
   * the file by the COPY), so a large batch costs disk, not RSS. The file is removed by close().
   */
  stageOnDisk?: boolean;
}

/** Value bytes per row group: its column buffers (grown by doubling while the COPY fills them) stay well inside the writer's memory limit. */
const ROW_GROUP_BYTES = 8 * 1024 ** 2;

/** DuckDB's default rows per row group (122,880), fewer for wide rows (the order of rows is kept, so ROW_GROUP_SIZE_BYTES would be ignored). */
function rowGroupRowsFor(staged: StagedRows): number {
  const perRow = staged.rows > 0 ? staged.bytes / staged.rows : 0;
  return Math.max(256, Math.min(122_880, Math.floor(ROW_GROUP_BYTES / Math.max(1, perRow))));
}

/**
 * The DuckDB instance that writes table files: its own, never the one that runs user SQL, allowed only its staging
 * folder and the folders it writes into, external access and configuration changes off. It runs only SQL Floe builds.
 */
export class ParquetWriter {
  private staged = 0;

  private constructor(
    private readonly db: DuckDBInstance,
    /** Writes files and runs Floe's queries. */
    private readonly conn: DuckDBConnection,
    /**
     * Makes staged tables and their Appenders: rows keep being staged (on the caller's thread) while a COPY on the
     * other connection writes an earlier batch, which one connection would serialize (a query holds its connection).
     */
    private readonly stagingConn: DuckDBConnection,
    private readonly dbFile: string | null,
  ) {}

  static async open(stagingDir: string, writableDirs: string[], options: ParquetWriterOptions = {}): Promise<ParquetWriter> {
    mkdirSync(stagingDir, { recursive: true });
    for (const d of writableDirs) mkdirSync(d, { recursive: true });
    const dbFile = options.stageOnDisk ? join(stagingDir, `writer-${randomUUID()}.duckdb`) : null;
    const db = await DuckDBInstance.create(dbFile ?? ':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      threads: String(options.threads ?? 2),
      memory_limit: options.memoryLimit ?? '256MB',
    });
    const conn = await db.connect();
    try {
      const dirs = [stagingDir, ...writableDirs].map((d) => sqlString(d.endsWith('/') ? d : `${d}/`));
      await conn.run(`SET GLOBAL TimeZone = 'UTC'`);
      // DuckDB's allocator keeps up to 128 MB it freed (per thread) before giving it back: a landing job's writer
      // frees a batch's worth at every commit, which then stayed in the RSS while the next batch filled.
      await conn.run(`SET GLOBAL allocator_flush_threshold = '16MB'`);
      await conn.run(`SET GLOBAL allocator_background_threads = true`);
      await conn.run(`SET GLOBAL temp_directory = ${sqlString(stagingDir)}`);
      await conn.run(`SET GLOBAL allowed_directories = [${dirs.join(', ')}]`);
      await conn.run(`SET GLOBAL enable_external_access = false`);
      await conn.run(`SET GLOBAL lock_configuration = true`);
      return new ParquetWriter(db, conn, await db.connect(), dbFile);
    } catch (e) {
      conn.closeSync();
      db.closeSync();
      if (dbFile) removeDbFile(dbFile);
      throw e;
    }
  }

  /** A new table to append rows of `fields` into (StagedRows), written to a Parquet file by write(). */
  async stage(fields: NestedField[]): Promise<StagedRows> {
    const table = `staged_${++this.staged}`;
    await this.stagingConn.run(createTableSql(fields, table));
    return new StagedRows(table, fields, await this.stagingConn.createAppender(table));
  }

  /**
   * Writes staged rows to a Parquet file with field ids, in the order appended (row i is position i of the file), drops
   * their table, and returns the file's size and column metrics.
   */
  async write(staged: StagedRows, target: string, options: CopyOptions = {}): Promise<FileMetrics & { sizeBytes: number }> {
    try {
      staged.close();
      await this.conn.run(copyTableToParquet(staged.fields, staged.table, target, { rowGroupRows: rowGroupRowsFor(staged), ...options }));
    } finally {
      await this.drop(staged);
    }
    return this.written(target, staged.fields);
  }

  /** Writes the rows of a query Floe builds over files inside this writer's folders (compaction) as a Parquet file with field ids. */
  async writeSelect(fields: NestedField[], select: string, target: string, options: CopyOptions = {}): Promise<FileMetrics & { sizeBytes: number }> {
    await this.conn.run(copySelectToParquet(fields, select, target, options));
    return this.written(target, fields);
  }

  private async written(target: string, fields: NestedField[]): Promise<FileMetrics & { sizeBytes: number }> {
    const metrics = await parquetMetrics(this.conn, target, fields);
    return { ...metrics, sizeBytes: statSync(target).size };
  }

  /** Drops staged rows without writing them. */
  async discard(staged: StagedRows): Promise<void> {
    staged.abandon();
    await this.drop(staged);
  }

  private async drop(staged: StagedRows): Promise<void> {
    await this.conn.run(`DROP TABLE IF EXISTS ${quoteIdent(staged.table)}`);
  }

  /** Rows of a query Floe builds over files inside this writer's folders (the key index reads key columns so). */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.conn.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[];
  }

  close(): void {
    this.stagingConn.closeSync();
    this.conn.closeSync();
    this.db.closeSync();
    if (this.dbFile) removeDbFile(this.dbFile);
  }
}

function removeDbFile(file: string): void {
  for (const f of [file, `${file}.wal`]) rmSync(f, { force: true });
}
