import { isUtf8 } from 'node:buffer';
import duckdb from '@duckdb/node-bindings';
import type { DuckDBAppender, DuckDBDataChunk } from '@duckdb/node-api';
import type { IcebergType, NestedField } from '../spec/types';

// A data chunk's columns kept as the bytes DuckDB's vectors hold (fixed-width values little-endian, strings as 16-byte
// string_t slots, list entries as offset/length pairs, validity as bitmasks), filled by a decoder that writes values
// straight from a record's bytes, and copied into the chunk's vectors once per chunk. Against DuckDB value objects
// set one by one (staged-rows.ts's generic path) this makes no object per value and one native call per vector, not
// per string: strings of up to 12 bytes live inside their slot; longer ones are assigned through DuckDB at the copy.

/** Rows per chunk (DuckDB's vector size). */
export const CHUNK_ROWS = 2048;
const INLINE = 12;

export type Column = FixedColumn | StringColumn | ListColumn | StructColumn;

abstract class Nullable {
  validity: Uint8Array<ArrayBuffer>;
  private anyNull = false;

  constructor(capacity: number) {
    this.validity = new Uint8Array(validityBytes(capacity)).fill(0xff);
  }

  /** Marks a row null (its value slot is left as it is: DuckDB ignores it). */
  setNull(row: number): void {
    this.anyNull = true;
    this.validity[row >> 3]! &= ~(1 << (row & 7));
  }

  isNull(row: number): boolean {
    return this.anyNull && (this.validity[row >> 3]! & (1 << (row & 7))) === 0;
  }

  /** Marks a row valid: needed only once a row of this chunk was null (a row given up may have left its bit cleared). */
  setValid(row: number): void {
    if (this.anyNull) this.validity[row >> 3]! |= 1 << (row & 7);
  }

  protected growValidity(capacity: number): void {
    if (validityBytes(capacity) <= this.validity.length) return;
    const v = new Uint8Array(validityBytes(capacity) * 2).fill(0xff);
    v.set(this.validity);
    this.validity = v;
  }

  protected flushValidity(vector: duckdb.Vector, rows: number): void {
    if (!this.anyNull) return;
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(vector, 0, this.validity.buffer, this.validity.byteOffset, validityBytes(rows));
    this.validity.fill(0xff);
    this.anyNull = false;
  }
}

/** Validity bytes for `rows` rows: whole 64-bit words, as DuckDB keeps them. */
const validityBytes = (rows: number) => Math.ceil(Math.max(rows, 1) / 64) * 8;

/** Booleans, integers, floats, temporals, decimals, uuids: `width` bytes a row. */
export class FixedColumn extends Nullable {
  bytes: Uint8Array<ArrayBuffer>;
  view: DataView;

  constructor(
    readonly width: number,
    capacity: number,
  ) {
    super(capacity);
    this.bytes = new Uint8Array(width * capacity);
    this.view = new DataView(this.bytes.buffer);
  }

  grow(capacity: number): void {
    this.growValidity(capacity);
    if (capacity * this.width <= this.bytes.length) return;
    const b = new Uint8Array(Math.max(capacity * this.width, this.bytes.length * 2));
    b.set(this.bytes);
    this.bytes = b;
    this.view = new DataView(b.buffer);
  }

  /** An integer a double holds exactly, as a 64-bit integer at `row` (of an 8-byte column). */
  setSafeInt64(row: number, n: number): void {
    const hi = Math.floor(n / 2 ** 32);
    this.view.setUint32(row * 8, n - hi * 2 ** 32, true);
    this.view.setInt32(row * 8 + 4, hi, true);
  }

  flush(vector: duckdb.Vector, rows: number): void {
    if (rows > 0) duckdb.copy_data_to_vector(vector, 0, this.bytes.buffer, 0, rows * this.width);
    this.flushValidity(vector, rows);
  }
}

/** A string or blob not kept in its slot: assigned through DuckDB when the chunk is copied. */
interface Assigned {
  column: StringColumn;
  row: number;
  /** Bytes (valid UTF-8 for a string), or text. */
  value: Uint8Array | string;
}

/** Strings and binary: a 16-byte slot a row (length, then up to 12 bytes inline); longer values wait in `pending`. */
export class StringColumn extends FixedColumn {
  vector: duckdb.Vector | null = null;

  constructor(
    readonly binary: boolean,
    capacity: number,
    private readonly pending: Assigned[],
  ) {
    super(16, capacity);
  }

  /**
   * Writes src[start, start + length) at `row`: inline when it fits and (for a string) is ASCII; else it waits for the
   * copy, as bytes when they are valid UTF-8 (or binary), else as the text their decoding gives (U+FFFD for what is
   * not UTF-8, as the record decoder does).
   */
  write(row: number, src: Uint8Array, start: number, length: number): void {
    if (length <= INLINE) {
      const at = row * 16 + 4;
      let i = 0;
      if (this.binary) for (; i < length; i++) this.bytes[at + i] = src[start + i]!;
      else for (; i < length && src[start + i]! < 0x80; i++) this.bytes[at + i] = src[start + i]!;
      if (i === length) return this.inlined(row, length);
    }
    const value = src.subarray(start, start + length);
    this.defer(row, this.binary || isUtf8(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8'));
  }

  /** write() for a value that is already text. */
  writeText(row: number, text: string): void {
    if (text.length <= INLINE) {
      const at = row * 16 + 4;
      let i = 0;
      for (; i < text.length && text.charCodeAt(i) < 0x80; i++) this.bytes[at + i] = text.charCodeAt(i);
      if (i === text.length) return this.inlined(row, text.length);
    }
    this.defer(row, text);
  }

  /** Ends an inline value: its length, then zeros to the slot's end (DuckDB compares inline strings by all 12 bytes). */
  private inlined(row: number, length: number): void {
    this.view.setUint32(row * 16, length, true);
    for (let i = row * 16 + 4 + length; i < row * 16 + 16; i++) this.bytes[i] = 0;
  }

  /** A value DuckDB assigns at the copy; its slot stays empty until then. */
  private defer(row: number, value: Uint8Array | string): void {
    this.view.setUint32(row * 16, 0, true);
    this.pending.push({ column: this, row, value });
  }

  override flush(vector: duckdb.Vector, rows: number): void {
    super.flush(vector, rows);
    this.vector = vector;
  }
}

/** A list (or a map: a list of key/value structs): an offset/length pair a row into the child column's rows. */
export class ListColumn extends Nullable {
  entries: FixedColumn;
  size = 0;

  constructor(
    readonly child: Column,
    capacity: number,
  ) {
    super(capacity);
    this.entries = new FixedColumn(16, capacity);
  }

  grow(capacity: number): void {
    this.growValidity(capacity);
    this.entries.grow(capacity);
  }

  /** Makes room for `items` more child rows; returns the first one's index. */
  reserve(items: number): number {
    const first = this.size;
    this.child.grow(first + items);
    this.size = first + items;
    return first;
  }

  /** A null list row: also an empty entry. */
  override setNull(row: number): void {
    this.entry(row, this.size, 0);
    super.setNull(row);
  }

  /** Sets a row's entry (its items are child rows first…first + count). */
  entry(row: number, first: number, count: number): void {
    const v = this.entries.view;
    v.setUint32(row * 16, first, true);
    v.setUint32(row * 16 + 4, 0, true);
    v.setUint32(row * 16 + 8, count, true);
    v.setUint32(row * 16 + 12, 0, true);
  }

  flush(vector: duckdb.Vector, rows: number): void {
    duckdb.list_vector_reserve(vector, this.size);
    this.child.flush(duckdb.list_vector_get_child(vector), this.size);
    duckdb.list_vector_set_size(vector, this.size);
    // The entries' bytes are the vector's data (list_entry_t: offset and length, 64 bits each).
    duckdb.copy_data_to_vector(vector, 0, this.entries.bytes.buffer, 0, rows * 16);
    this.flushValidity(vector, rows);
    this.size = 0;
  }
}

export class StructColumn extends Nullable {

  constructor(
    readonly children: Column[],
    capacity: number,
  ) {
    super(capacity);
  }

  grow(capacity: number): void {
    this.growValidity(capacity);
    for (const c of this.children) c.grow(capacity);
  }

  /** A null struct row: its fields are null too (so no reader takes a value left by an earlier row). */
  override setNull(row: number): void {
    super.setNull(row);
    for (const c of this.children) c.setNull(row);
  }

  flush(vector: duckdb.Vector, rows: number): void {
    this.children.forEach((c, i) => c.flush(duckdb.struct_vector_get_child(vector, i), rows));
    this.flushValidity(vector, rows);
  }
}

/** Bytes a row of a fixed-width Iceberg type takes in DuckDB's vectors; null for what is not fixed-width. */
function fixedWidth(t: IcebergType): number | null {
  switch (t.kind) {
    case 'boolean':
      return 1;
    case 'int':
    case 'date':
    case 'float':
      return 4;
    case 'long':
    case 'double':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return 8;
    case 'uuid':
      return 16;
    case 'decimal':
      return t.precision <= 4 ? 2 : t.precision <= 9 ? 4 : t.precision <= 18 ? 8 : 16;
    default:
      return null;
  }
}

/**
 * The columns of a chunk for rows of `fields`, filled through their Column objects and copied into a DuckDB chunk
 * (of duckType(fields), the staged table's types) by appendTo(). A row is begun, written, then kept (end) or given up
 * (abort: what it wrote is overwritten by the next row, its list items and long strings dropped).
 */
export class ChunkColumns {
  readonly columns: Column[];
  rows = 0;
  private readonly pending: Assigned[] = [];
  private readonly lists: ListColumn[] = [];
  private mark = { pending: 0, lists: [] as number[] };

  constructor(fields: NestedField[]) {
    this.columns = fields.map((f) => this.column(f.type, CHUNK_ROWS));
  }

  private column(t: IcebergType, capacity: number): Column {
    const width = fixedWidth(t);
    if (width !== null) return new FixedColumn(width, capacity);
    switch (t.kind) {
      case 'string':
      case 'binary':
      case 'fixed':
        return new StringColumn(t.kind !== 'string', capacity, this.pending);
      case 'struct':
        return new StructColumn(
          t.fields.map((f) => this.column(f.type, capacity)),
          capacity,
        );
      case 'list':
      case 'map': {
        const child = t.kind === 'list' ? this.column(t.element, capacity) : new StructColumn([this.column(t.key, capacity), this.column(t.value, capacity)], capacity);
        const list = new ListColumn(child, capacity);
        this.lists.push(list);
        return list;
      }
    }
    throw new Error(`no chunk column for ${t.kind}`);
  }

  begin(): void {
    this.mark.pending = this.pending.length;
    for (let i = 0; i < this.lists.length; i++) this.mark.lists[i] = this.lists[i]!.size;
  }

  abort(): void {
    this.pending.length = this.mark.pending;
    for (let i = 0; i < this.lists.length; i++) this.lists[i]!.size = this.mark.lists[i]!;
  }

  /** Keeps the row begun; true when the chunk is full. */
  end(): boolean {
    return ++this.rows >= CHUNK_ROWS;
  }

  /** Copies the rows into `chunk` (reset here) and hands it to the appender; the columns are empty again. */
  appendTo(chunk: DuckDBDataChunk, appender: DuckDBAppender): void {
    if (this.rows === 0) return;
    const raw = chunk.chunk;
    duckdb.data_chunk_reset(raw);
    this.columns.forEach((c, i) => c.flush(duckdb.data_chunk_get_vector(raw, i), this.rows));
    for (const p of this.pending) {
      if (typeof p.value === 'string') duckdb.vector_assign_string_element(p.column.vector!, p.row, p.value);
      else duckdb.vector_assign_string_element_len(p.column.vector!, p.row, p.value);
    }
    duckdb.data_chunk_set_size(raw, this.rows);
    this.pending.length = 0;
    this.rows = 0;
    appender.appendDataChunk(chunk);
  }
}
