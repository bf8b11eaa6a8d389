import { mkdirSync } from 'node:fs';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection, type DuckDBDataChunk, type DuckDBType } from '@duckdb/node-api';
import { FloeError } from '../../../../shared/errors';
import type { ExportFormat } from '../../../../shared/model/lake';
import { duckdbLimitOptions, type SqlLimits } from '../../engine/sql-limits';
import { quoteIdent } from '../spec/types';

const COPY_OPTIONS: Record<ExportFormat, string> = {
  parquet: 'FORMAT parquet',
  csv: 'FORMAT csv, HEADER true',
  jsonl: 'FORMAT json',
};

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Column names made unique (`SELECT 1, 1` has two columns named "1"): a table needs distinct names. */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((n) => {
    let name = n || 'column';
    for (let i = 2; seen.has(name.toLowerCase()); i++) name = `${n}_${i}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

/**
 * The DuckDB instance that writes an export: separate from the one that runs user SQL, allowed only the destination
 * folder, external access and configuration changes off. It runs no user SQL: it receives result chunks through an
 * appender and runs one COPY that Floe writes.
 */
export class ExportWriter {
  private appender: DuckDBAppender | null = null;
  private rows = 0;
  private constructor(
    private readonly db: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async open(destDir: string, tmpDir: string, limits: SqlLimits): Promise<ExportWriter> {
    mkdirSync(tmpDir, { recursive: true });
    const db = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      ...duckdbLimitOptions(limits),
    });
    const conn = await db.connect();
    try {
      const dir = destDir.endsWith('/') ? destDir : `${destDir}/`;
      await conn.run(`SET GLOBAL TimeZone = 'UTC'`);
      await conn.run(`SET GLOBAL temp_directory = ${sqlString(tmpDir)}`);
      await conn.run(`SET GLOBAL allowed_directories = [${sqlString(dir)}]`);
      await conn.run(`SET GLOBAL enable_external_access = false`);
      await conn.run(`SET GLOBAL lock_configuration = true`);
      return new ExportWriter(db, conn);
    } catch (e) {
      conn.closeSync();
      db.closeSync();
      throw e;
    }
  }

  async start(names: string[], types: DuckDBType[]): Promise<void> {
    const cols = uniqueNames(names).map((n, i) => `${quoteIdent(n)} ${types[i]?.toString() ?? 'VARCHAR'}`);
    if (cols.length === 0) throw new FloeError('BAD_INPUT', 'The query returns no columns: nothing to export');
    await this.conn.run(`CREATE TABLE export_rows (${cols.join(', ')})`);
    this.appender = await this.conn.createAppender('export_rows');
  }

  append(chunk: DuckDBDataChunk): void {
    if (!this.appender) throw new FloeError('INTERNAL', 'Export rows arrived before the columns');
    this.appender.appendDataChunk(chunk);
    this.rows += chunk.rowCount;
  }

  /** Writes the rows received to `path` (inside the allowed folder); returns how many. */
  async write(path: string, format: ExportFormat): Promise<number> {
    if (!this.appender) throw new FloeError('INTERNAL', 'Nothing to export');
    this.appender.flushSync();
    this.appender.closeSync();
    this.appender = null;
    await this.conn.run(`COPY export_rows TO ${sqlString(path)} (${COPY_OPTIONS[format]})`);
    return this.rows;
  }

  close(): void {
    try {
      this.appender?.closeSync();
    } catch {
      // closing after a failed append: the instance goes anyway
    }
    this.conn.closeSync();
    this.db.closeSync();
  }
}
