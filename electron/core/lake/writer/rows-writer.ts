import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { FloeError } from '../../../../shared/errors';
import type { Value } from '../expr/expr';
import { applyTransform } from '../expr/transforms';
import type { FileIO } from '../io/file-io';
import { parseLocation } from '../io/object-store';
import type { PartitionColumn } from '../spec/manifest-avro';
import type { NestedField } from '../spec/types';
import type { WrittenFile } from './data-file';
import type { ParquetWriter } from './parquet-writer';
import { columnsPartition, type ColumnsPartition } from './partition-of-columns';
import { NOT_KEPT, type DirectWrite, type StagedRows } from './staged-rows';

/** Where a table's new files go and what they hold. */
export interface WriteTarget {
  /** The table location (a folder or s3:// prefix). */
  location: string;
  specId: number;
  fields: NestedField[];
  columns: PartitionColumn[];
}

/** A data file written by RowsWriter: `slot` is what its rows' staged positions (StagedAt) name it by. */
export interface DataFileWithKeys {
  file: WrittenFile;
  /** The key given with each row, in file order (row i is position i); empty when add() was given no keys. */
  keys: string[];
  slot: number;
}

/**
 * Where add() put a row, packed in one number (a batch keeps one per replaced row: no object each): its staged
 * table's slot and its position there, which becomes its position in the data file. Slot 0 (an unpartitioned table's
 * only one) packs to the position itself, a small integer V8 stores unboxed.
 */
export type StagedAt = number;
const SLOT = 2 ** 32;
export const stagedSlot = (at: StagedAt): number => Math.floor(at / SLOT);
export const stagedPosition = (at: StagedAt): number => at % SLOT;

/** Rows staged for one partition (and rolled into a new file past the size limit). */
interface Staged {
  slot: number;
  partition: (Value | null)[];
  rows: StagedRows;
  /** Keys given to add(), by position (only when some were given). */
  keys: string[] | null;
}

/** Chunks DuckDB's Appenders may hold in all (one Appender's own threshold), shared out among the partitions staging at once. */
const APPENDER_CHUNKS = 100;
/** Flushing more often than this costs more than the memory it saves. */
const MIN_FLUSH_CHUNKS = 8;

/** Staged value bytes past which a partition rolls into a new file (its Parquet file then comes out near 128 MB). */
const ROLL_STAGED_BYTES = 384 * 1024 ** 2;

export function partitionPathOf(columns: PartitionColumn[], values: (Value | null)[]): string {
  return columns
    .map((c, i) => {
      const v = values[i];
      const text = v === null || v === undefined ? 'null' : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : String(v);
      return `${encodeURIComponent(c.name)}=${encodeURIComponent(text)}`;
    })
    .join('/');
}

/** The value at a field id (top level or inside structs) of a row keyed by field names. */
function sourceGetter(fields: NestedField[], id: number): (row: Record<string, unknown>) => unknown {
  for (const f of fields) {
    if (f.id === id) return (row) => row[f.name];
    if (f.type.kind === 'struct') {
      const inner = f.type.fields;
      const get = (() => {
        try {
          return sourceGetter(inner, id);
        } catch {
          return null;
        }
      })();
      if (get) return (row) => (row[f.name] === null || row[f.name] === undefined ? null : get(row[f.name] as Record<string, unknown>));
    }
  }
  throw new FloeError('STORE_CORRUPT', `Partition source field ${id} is not a top-level or struct field`);
}

/**
 * Stages rows in the writer's DuckDB (its Appender), one staged table per partition value, and turns them into
 * Parquet data files in the table's data folder (written straight there on a local disk, through the object store for
 * s3:// tables). Rows are rolled into a new file once a partition's staged values pass ~384 MB.
 */
export class RowsWriter {
  private readonly staged = new Map<string, Staged>();
  private readonly done: Staged[] = [];
  private slots = 0;
  private readonly partitionOf: (row: Record<string, unknown>) => (Value | null)[];
  /** The partition of a row addDirect() wrote (null: a partitioned table's direct rows take the row path). */
  private readonly directPartition: ColumnsPartition | null;
  /** The partition addDirect() last staged into: a row is written there first. */
  private directId = '';

  constructor(
    private readonly target: WriteTarget,
    private readonly parquet: ParquetWriter,
    private readonly io: FileIO,
    private readonly stagingDir: string,
  ) {
    const getters = target.columns.map((c) => ({ c, get: sourceGetter(target.fields, c.sourceId) }));
    this.partitionOf = (row) =>
      getters.map(({ c, get }) => {
        const v = get(row);
        return v === null || v === undefined ? null : applyTransform(c.transform, c.sourceType, v as Value);
      });
    this.directPartition = target.columns.length > 0 ? columnsPartition(target) : null;
  }

  get rowCount(): number {
    let n = 0;
    for (const s of [...this.staged.values(), ...this.done]) n += s.rows.rows;
    return n;
  }

  get stagedBytes(): number {
    let n = 0;
    for (const s of [...this.staged.values(), ...this.done]) n += s.rows.bytes;
    return n;
  }

  /** Stages a row; `key`, if given, is returned with its position by finish(). */
  async add(row: Record<string, unknown>, key?: string): Promise<StagedAt> {
    const at = this.addNow(row, key);
    if (at >= 0) return at;
    const partition = this.partitionOf(row);
    const id = partitionPathOf(this.target.columns, partition);
    this.staged.set(id, { slot: this.slots++, partition, rows: await this.parquet.stage(this.target.fields), keys: null });
    const flushEvery = Math.max(MIN_FLUSH_CHUNKS, Math.floor(APPENDER_CHUNKS / this.staged.size));
    for (const s of this.staged.values()) s.rows.flushEvery = flushEvery;
    return this.addNow(row, key);
  }

  /** add() without waiting: -1 (nothing staged) when the row's partition needs its staged table made first. */
  addNow(row: Record<string, unknown>, key?: string): StagedAt {
    const id = partitionPathOf(this.target.columns, this.partitionOf(row));
    const s = this.staged.get(id);
    if (!s) return -1;
    const index = s.rows.add(row);
    if (key !== undefined) (s.keys ??= [])[index] = key;
    return this.placed(id, s, index);
  }

  /**
   * addNow() for a row written straight into its columns (StagedRows.addDirect). -1 when nothing was staged: the staged
   * rows of its partition are not made yet, its partition cannot be read from its columns (columnsPartition), or `write`
   * gave the row up. `write` must read its source from the start each time: a row of a partitioned table is written
   * where the previous one went, and written again in its own partition's rows when its partition differs.
   */
  addDirect<S>(write: DirectWrite<S>, source: S, size: number): StagedAt {
    const read = this.directPartition;
    if (this.target.columns.length > 0 && !read) return -1;
    let id = this.directId;
    let s = this.staged.get(id);
    if (!s) {
      const first = this.staged.entries().next().value;
      if (!first) return -1;
      [id, s] = first;
      this.directId = id;
    }
    let index = read
      ? s.rows.addDirect(write, source, size, (columns, row) => (id = partitionPathOf(this.target.columns, read(columns, row))) === this.directId)
      : s.rows.addDirect(write, source, size);
    if (index === NOT_KEPT) {
      if (!(s = this.staged.get(id))) return -1;
      this.directId = id;
      index = s.rows.addDirect(write, source, size);
    }
    return index < 0 ? -1 : this.placed(id, s, index);
  }

  /** Where a row staged at `index` is; a partition's rows roll into a new file past the size limit. */
  private placed(id: string, s: Staged, index: number): StagedAt {
    if (s.rows.bytes >= ROLL_STAGED_BYTES) {
      this.done.push(s);
      this.staged.delete(id);
    }
    return s.slot * SLOT + index;
  }

  /** Writes every staged partition as a Parquet file; the staged rows are dropped. */
  async finish(): Promise<DataFileWithKeys[]> {
    return this.writeFiles(this.takeStaged());
  }

  private takeStaged(): Staged[] {
    const all = [...this.done, ...this.staged.values()];
    this.done.length = 0;
    this.staged.clear();
    return all;
  }

  private async writeFiles(all: Staged[]): Promise<DataFileWithKeys[]> {
    const out: DataFileWithKeys[] = [];
    for (let i = 0; i < all.length; i++) {
      const s = all[i]!;
      try {
        const folder = [this.target.location.replace(/\/+$/, ''), 'data', partitionPathOf(this.target.columns, s.partition)].filter(Boolean).join('/');
        const name = `${randomUUID()}.parquet`;
        const uri = `${folder}/${name}`;
        const loc = parseLocation(uri);
        const local = loc.scheme === 'file' ? loc.path : join(this.stagingDir, name);
        mkdirSync(dirname(local), { recursive: true });
        const written = await this.parquet.write(s.rows, local);
        if (loc.scheme !== 'file') {
          await this.io.write(uri, readFileSync(local));
          rmSync(local, { force: true });
        }
        out.push({
          slot: s.slot,
          keys: s.keys ? Array.from(s.keys, (k) => k ?? '') : [],
          file: { content: 'data', path: uri, specId: this.target.specId, partition: s.partition, ...written },
        });
      } catch (e) {
        for (const rest of all.slice(i)) await this.parquet.discard(rest.rows);
        throw e;
      }
    }
    return out;
  }

  /** Drops everything staged (a batch that will not be committed). */
  async discard(): Promise<void> {
    for (const s of this.takeStaged()) await this.parquet.discard(s.rows);
  }
}
