import { DuckDBDataChunk, type DuckDBAppender, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { NestedField } from '../spec/types';
import { ChunkColumns, CHUNK_ROWS, type Column } from './chunk-columns';
import { rowValues } from './row-values';

/** Writes one row into a chunk's columns (at row `row`), from what `source` points at; throws to give the row up. */
export type DirectWrite<S> = (source: S, columns: Column[], row: number) => void;

/** addDirect() staged nothing: the write gave the row up. */
export const GAVE_UP = -1;
/** addDirect() staged nothing: `keep` refused the row written (it belongs to other staged rows). */
export const NOT_KEPT = -2;

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
  /** Rows written straight into chunk columns (addDirect), not yet handed over. */
  private direct: ChunkColumns | null = null;
  private directChunk: DuckDBDataChunk | null = null;
  /** Chunks after which the Appender is flushed (see appended()). */
  flushEvery = Infinity;
  private chunksSinceFlush = 0;

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
    if (this.direct && this.direct.rows > 0) this.flushDirect(); // rows reach the table in the order they were staged
    this.bytes += this.push(row, this.columns);
    if (this.columns[0]!.length >= CHUNK_ROWS) this.flush();
    return this.rows++;
  }

  /**
   * add() for a row a decoder writes straight into the chunk's columns (no row object, no DuckDB values): its position,
   * or GAVE_UP when `write` gave the row up, or NOT_KEPT when `keep`, shown the row written, refused it (nothing of it is
   * staged then). `size` is the row's rough size (its encoded bytes).
   */
  addDirect<S>(write: DirectWrite<S>, source: S, size: number, keep?: (columns: Column[], row: number) => boolean): number {
    if (this.failed) throw this.failed;
    if (this.columns[0]!.length > 0) this.flush();
    const d = (this.direct ??= new ChunkColumns(this.fields));
    d.begin();
    try {
      write(source, d.columns, d.rows);
    } catch {
      d.abort();
      return GAVE_UP;
    }
    if (keep && !keep(d.columns, d.rows)) {
      d.abort();
      return NOT_KEPT;
    }
    if (d.end()) this.flushDirect();
    this.bytes += size;
    return this.rows++;
  }

  private flushDirect(): void {
    try {
      this.directChunk ??= DuckDBDataChunk.create(this.types);
      this.direct!.appendTo(this.directChunk, this.appender);
      this.appended();
    } catch (e) {
      this.failed = e as Error;
      throw e;
    }
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
      this.appended();
    } catch (e) {
      this.failed = e as Error;
      throw e;
    }
  }

  /**
   * DuckDB's Appender holds what it is given in memory of its own (outside the writer's memory limit) until it has
   * 100 chunks (204,800 rows: ~40 MB of 200-byte rows). RowsWriter sets flushEvery lower when several partitions stage
   * at once, so that what the Appenders hold does not grow with the number of partitions.
   */
  private appended(): void {
    if (++this.chunksSinceFlush < this.flushEvery) return;
    this.chunksSinceFlush = 0;
    this.appender.flushSync();
  }

  /** Hands every staged row to the table and closes the Appender. */
  close(): void {
    this.flush();
    if (this.direct) this.flushDirect();
    this.appender.closeSync();
  }

  /** Drops what is staged without writing it. */
  abandon(): void {
    this.columns = this.types.map(() => []);
    this.direct = null;
    try {
      this.appender.clear();
      this.appender.closeSync();
    } catch {
      // An Appender that refused a chunk may not close; the table is dropped all the same.
    }
  }
}
