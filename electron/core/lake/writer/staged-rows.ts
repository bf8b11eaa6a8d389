import { DuckDBDataChunk, type DuckDBAppender, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { NestedField } from '../spec/types';
import { rowValues } from './row-values';

/** Rows per data chunk handed to the Appender (DuckDB's vector size). */
const CHUNK_ROWS = 2048;

/**
 * Rows of one future Parquet file, appended into a table of the writer's DuckDB (ParquetWriter.stage makes it; its
 * write() turns it into the file, in the order appended). Rows are gathered column by column and handed over a data
 * chunk at a time. A chunk DuckDB refused leaves the table unusable: it can then only be discarded.
 */
export class StagedRows {
  rows = 0;
  /** A rough size of the values staged (see row-values.ts). */
  bytes = 0;
  private failed: Error | null = null;
  private readonly types: DuckDBType[];
  private readonly push: (row: Record<string, unknown>, columns: DuckDBValue[][]) => number;
  private columns: DuckDBValue[][];
  private chunk: DuckDBDataChunk | null = null;

  constructor(
    readonly table: string,
    readonly fields: NestedField[],
    private readonly appender: DuckDBAppender,
  ) {
    ({ types: this.types, push: this.push } = rowValues(fields));
    this.columns = this.types.map(() => []);
  }

  /** Stages a row; returns its position (its position in the file). A value of the wrong kind throws, naming it. */
  add(row: Record<string, unknown>): number {
    if (this.failed) throw this.failed;
    this.bytes += this.push(row, this.columns);
    if (this.columns[0]!.length >= CHUNK_ROWS) this.flush();
    return this.rows++;
  }

  private flush(): void {
    const columns = this.columns;
    if (columns.length === 0 || columns[0]!.length === 0) return;
    this.columns = this.types.map(() => []);
    try {
      // One chunk, reused: the Appender copies what it is handed, and a chunk per flush would hold native memory
      // until the GC finalizes it.
      if (this.chunk) this.chunk.reset();
      else this.chunk = DuckDBDataChunk.create(this.types);
      const chunk = this.chunk;
      chunk.setColumns(columns);
      this.appender.appendDataChunk(chunk);
    } catch (e) {
      this.failed = e as Error;
      throw e;
    }
  }

  /** Hands every staged row to the table and closes the Appender. */
  close(): void {
    this.flush();
    this.appender.closeSync();
  }

  /** Drops what is staged without writing it. */
  abandon(): void {
    this.columns = this.types.map(() => []);
    try {
      this.appender.clear();
      this.appender.closeSync();
    } catch {
      // An Appender that refused a chunk may not close; the table is dropped all the same.
    }
  }
}
