import type { LandJobSpecParsed } from '../../../shared/model/land';
import type { RawRecord } from '../kafka/record-batch';
import type { IcebergType, NestedField } from '../lake/spec/types';
import type { Column, FixedColumn, ListColumn, StringColumn, StructColumn } from '../lake/writer/chunk-columns';
import { columnsPartition } from '../lake/writer/partition-of-columns';
import type { WriteTarget } from '../lake/writer/rows-writer';
import type { DirectWrite } from '../lake/writer/staged-rows';
import type { LandBatch } from './land-batch';
import type { LandDecoder, LandedPart } from './land-decoder';
import type { LandTable } from './land-table';
import { metadataFields, rowKey as keyOfRow, tableFieldsFor } from './row-shaping';
import { AvroCursor, type DirectRecordRead } from './type-mapping/avro-direct';
import type { MappedSchema } from './type-mapping/mapped-schema';

const EMPTY = new Uint8Array(0);

/** Whether two field lists are the same columns: names, order, nullability and types (field ids aside). */
export function sameColumns(a: NestedField[], b: NestedField[]): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i]!.name && f.required === b[i]!.required && sameType(f.type, b[i]!.type));
}

function sameType(a: IcebergType, b: IcebergType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'struct':
      return sameColumns(a.fields, (b as typeof a).fields);
    case 'list': {
      const l = b as typeof a;
      return a.elementRequired === l.elementRequired && sameType(a.element, l.element);
    }
    case 'map': {
      const m = b as typeof a;
      return a.valueRequired === m.valueRequired && sameType(a.key, m.key) && sameType(a.value, m.value);
    }
    case 'decimal':
      return a.precision === (b as typeof a).precision && a.scale === (b as typeof a).scale;
    case 'fixed':
      return a.length === (b as typeof a).length;
    default:
      return true;
  }
}

/** What a direct write reads: the record's Avro value (a wire-format frame), the decoded key, the Kafka record for metadata columns. */
export interface Source {
  value: Uint8Array;
  cursor: AvroCursor;
  record: RawRecord;
  partition: number;
  topic: Uint8Array;
  /** The decoded key's row (upsert). */
  keyRow: Record<string, unknown> | null;
}

/**
 * The metadata columns (row-shaping.ts metadataFields, in its order) after the value's `from` columns: topic,
 * partition, offset, timestamp (µs), timestamp type, headers (key, value).
 */
function writeMetadata(s: Source, columns: Column[], from: number, row: number): void {
  const r = s.record;
  const topic = columns[from] as StringColumn;
  topic.setValid(row);
  topic.write(row, s.topic, 0, s.topic.length);
  const partition = columns[from + 1] as FixedColumn;
  partition.setValid(row);
  partition.view.setInt32(row * 4, s.partition, true);
  const offset = columns[from + 2] as FixedColumn;
  offset.setValid(row);
  offset.setSafeInt64(row, r.offset);
  const timestamp = columns[from + 3] as FixedColumn;
  timestamp.setValid(row);
  timestamp.setSafeInt64(row, r.timestamp * 1000);
  const type = columns[from + 4] as StringColumn;
  type.setValid(row);
  type.writeText(row, r.timestampType === 1 ? 'LogAppendTime' : 'CreateTime');
  const headers = columns[from + 5] as ListColumn;
  headers.setValid(row);
  const first = headers.reserve(r.headers.length);
  const entry = headers.child as StructColumn;
  const key = entry.children[0] as StringColumn;
  const value = entry.children[1] as StringColumn;
  for (let i = 0; i < r.headers.length; i++) {
    const h = r.headers[i]!;
    entry.setValid(first + i);
    key.setValid(first + i);
    key.writeText(first + i, h.key);
    if (h.value === null) value.setNull(first + i);
    else {
      value.setValid(first + i);
      value.write(first + i, h.value, 0, h.value.length);
    }
  }
  headers.entry(row, first, r.headers.length);
}

/** Writes a key column (a key field the value lacks) from the decoded key's value; null for a type it does not write. */
function keyColumnWriter(type: IcebergType): ((col: Column, row: number, v: unknown) => void) | null {
  switch (type.kind) {
    case 'string':
      return (col, row, v) => {
        (col as StringColumn).setValid(row);
        (col as StringColumn).writeText(row, String(v));
      };
    case 'int':
      return (col, row, v) => {
        (col as FixedColumn).setValid(row);
        (col as FixedColumn).view.setInt32(row * 4, Number(v), true);
      };
    case 'long':
      return (col, row, v) => {
        (col as FixedColumn).setValid(row);
        (col as FixedColumn).view.setBigInt64(row * 8, BigInt(v as bigint | number), true);
      };
    default:
      return null;
  }
}

interface KeyColumn {
  name: string;
  write: (col: Column, row: number, v: unknown) => void;
}

/** The value's columns (read from its Avro bytes), then the key columns it lacks (upsert), then the metadata columns. */
export function directWrite(read: DirectRecordRead, valueColumns: number, keyColumns: KeyColumn[], metadata: boolean): DirectWrite<Source> {
  return (s, columns, row) => {
    read(s.cursor.at(s.value, 5, s.value.length), columns, row); // from the start each time: a row may be written twice (rows-writer.ts)
    let at = valueColumns;
    for (const k of keyColumns) {
      const v = s.keyRow![k.name];
      if (v === null || v === undefined) columns[at]!.setNull(row);
      else k.write(columns[at]!, row, v);
      at++;
    }
    if (metadata) writeMetadata(s, columns, at, row);
  };
}

/**
 * The landing loop's fast path: a record whose value is registry Avro is read from its bytes straight into the staged
 * table's columns (avro-direct.ts), with no decoded object, row or DuckDB value made for it; key columns the value
 * lacks come from the decoded key, metadata columns from the Kafka record. It applies to append and upsert jobs (upsert
 * when the key columns come from the Kafka key) landing into a table whose columns are the ones the schemas make (not a
 * table evolved past them), unpartitioned or partitioned on top-level integer or temporal columns (partition-of-columns.ts;
 * a row's partition is read back from the columns it was written into). Every other record, and any the direct read
 * gives up, takes the row path; so does a record the row path would refuse (an upsert with no key), and the first
 * record of a partition (the row path makes its staged rows).
 */
export class DirectStaging {
  private readonly source: Source;
  private readonly metadata: NestedField[];
  private target: WriteTarget | null = null;
  /** How a value schema's records are written (with the key schema it was planned for), or null when they cannot be; cleared when the table's schema moves. */
  private readonly plans = new Map<MappedSchema, { key: MappedSchema | null; write: DirectWrite<Source> | null }>();

  constructor(
    private readonly spec: LandJobSpecParsed,
    private readonly decoder: LandDecoder,
  ) {
    this.metadata = metadataFields(spec.metadataColumns);
    this.source = { value: EMPTY, cursor: new AvroCursor(), record: null as unknown as RawRecord, partition: 0, topic: Buffer.from(spec.topic, 'utf8'), keyRow: null };
  }

  /** Stages the record's value: true when it did; false when nothing was staged and the record takes the row path. */
  add(batch: LandBatch, table: LandTable, key: LandedPart | null, partition: number, r: RawRecord): boolean {
    const upsert = table.mode === 'upsert';
    if ((table.mode !== 'append' && !upsert) || !table.target) return false;
    const schema = this.decoder.directSchema(r.value);
    if (!schema || !table.fits(key, schema)) return false;
    let rowKey: string | null = null;
    if (upsert) {
      if (!key?.row || (rowKey = keyOfRow(key.row, table.keyFields)) === null) return false;
      this.source.keyRow = key.row;
    }
    if (table.target !== this.target) {
      this.target = table.target;
      this.plans.clear();
    }
    let plan = this.plans.get(schema.mapped);
    const keyMapped = upsert ? key!.mapped : null;
    if (!plan || plan.key !== keyMapped) this.plans.set(schema.mapped, (plan = { key: keyMapped, write: this.plan(table, schema.mapped, upsert ? key : null) }));
    if (!plan.write) return false;
    const value = r.value!;
    const s = this.source;
    s.value = value;
    s.record = r;
    s.partition = partition;
    return batch.addDirect(plan.write, s, value.length, r.timestamp, rowKey);
  }

  private plan(table: LandTable, mapped: MappedSchema, key: LandedPart | null): DirectWrite<Source> | null {
    const target = this.target!;
    if (target.columns.length > 0 && !columnsPartition(target)) return null; // a partition this path cannot read back
    const extra = key ? key.mapped.fields.filter((k) => !mapped.fields.some((f) => f.name === k.name)) : [];
    const fields = tableFieldsFor(table.mode!, key, { mapped } as LandedPart, this.metadata);
    if (fields.length !== mapped.fields.length + extra.length + this.metadata.length || !sameColumns(fields, target.fields)) return null;
    // Upsert keys the value holds would be read back from its columns: those records take the row path.
    if (key && !table.keyFields.every((k) => extra.some((e) => e.name === k.name))) return null;
    const keyColumns: KeyColumn[] = [];
    for (const f of extra) {
      const write = keyColumnWriter(f.type);
      if (!write) return null;
      keyColumns.push({ name: f.name, write });
    }
    return directWrite(mapped.direct!, mapped.fields.length, keyColumns, this.metadata.length > 0);
  }
}
