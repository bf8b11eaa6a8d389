import { mkdirSync, statSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { NestedField } from '../spec/types';
import { parquetMetrics, type FileMetrics } from './file-metrics';
import { copyJsonToParquet, copySelectToParquet, sqlString, type CopyOptions } from './parquet-sql';

/**
 * The DuckDB instance that writes table files: its own, never the one that runs user SQL, allowed only its staging
 * folder and the folders it writes into, external access and configuration changes off. It runs only SQL Floe builds.
 */
export class ParquetWriter {
  private constructor(
    private readonly db: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async open(stagingDir: string, writableDirs: string[], options: { threads?: number; memoryLimit?: string } = {}): Promise<ParquetWriter> {
    mkdirSync(stagingDir, { recursive: true });
    for (const d of writableDirs) mkdirSync(d, { recursive: true });
    const db = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      threads: String(options.threads ?? 2),
      memory_limit: options.memoryLimit ?? '256MB',
    });
    const conn = await db.connect();
    try {
      const dirs = [stagingDir, ...writableDirs].map((d) => sqlString(d.endsWith('/') ? d : `${d}/`));
      await conn.run(`SET GLOBAL TimeZone = 'UTC'`);
      await conn.run(`SET GLOBAL temp_directory = ${sqlString(stagingDir)}`);
      await conn.run(`SET GLOBAL allowed_directories = [${dirs.join(', ')}]`);
      await conn.run(`SET GLOBAL enable_external_access = false`);
      await conn.run(`SET GLOBAL lock_configuration = true`);
      return new ParquetWriter(db, conn);
    } catch (e) {
      conn.closeSync();
      db.closeSync();
      throw e;
    }
  }

  /**
   * Writes staged JSON lines (rows of `fields`) to a Parquet file with field ids, in the order staged (row i of the
   * staging file is position i of the Parquet file), and returns its size and column metrics.
   */
  async write(fields: NestedField[], staged: string, target: string, options: CopyOptions = {}): Promise<FileMetrics & { sizeBytes: number }> {
    await this.conn.run(copyJsonToParquet(fields, staged, target, options));
    const metrics = await parquetMetrics(this.conn, target, fields);
    return { ...metrics, sizeBytes: statSync(target).size };
  }

  /** Writes the rows of a query Floe builds over files inside this writer's folders (compaction) as a Parquet file with field ids. */
  async writeSelect(fields: NestedField[], select: string, target: string, options: CopyOptions = {}): Promise<FileMetrics & { sizeBytes: number }> {
    await this.conn.run(copySelectToParquet(fields, select, target, options));
    const metrics = await parquetMetrics(this.conn, target, fields);
    return { ...metrics, sizeBytes: statSync(target).size };
  }

  /** Rows of a query Floe builds over files inside this writer's folders (the key index reads key columns so). */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.conn.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[];
  }

  close(): void {
    this.conn.closeSync();
    this.db.closeSync();
  }
}
