import type { LandJobSpecParsed } from '../../../shared/model/land';
import type { RawRecord } from '../kafka/record-batch';
import type { IcebergType, NestedField } from '../lake/spec/types';
import type { Column, FixedColumn, ListColumn, StringColumn, StructColumn } from '../lake/writer/chunk-columns';
import type { WriteTarget } from '../lake/writer/rows-writer';
import type { DirectWrite } from '../lake/writer/staged-rows';
import type { LandBatch } from './land-batch';
import type { LandDecoder, LandedPart } from './land-decoder';
import type { LandTable } from './land-table';
import { metadataFields } from './row-shaping';
import { AvroCursor, type DirectRecordRead } from './type-mapping/avro-direct';
import type { MappedSchema } from './type-mapping/mapped-schema';

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

/** What a direct write reads: the record's Avro value (at the cursor), and the Kafka record for metadata columns. */
export interface Source {
  cursor: AvroCursor;
  record: RawRecord;
  partition: number;
  topic: Uint8Array;
}

function putInt64(col: FixedColumn, row: number, n: number): void {
  const hi = Math.floor(n / 2 ** 32);
  col.setValid(row);
  col.view.setUint32(row * 8, n - hi * 2 ** 32, true);
  col.view.setInt32(row * 8 + 4, hi, true);
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
  putInt64(columns[from + 2] as FixedColumn, row, r.offset);
  putInt64(columns[from + 3] as FixedColumn, row, r.timestamp * 1000);
  const type = columns[from + 4] as StringColumn;
  type.setValid(row);
  type.writeText(row, r.timestampType === 1 ? 'LogAppendTime' : 'CreateTime');
  const headers = columns[from + 5] as ListColumn;
  headers.setValid(row);
  const first = headers.reserve(r.headers.length);
  const entry = headers.child as StructColumn;
  const [key, value] = entry.children as [StringColumn, StringColumn];
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

export function directWrite(read: DirectRecordRead, valueColumns: number, metadata: boolean): DirectWrite<Source> {
  if (!metadata) return (s, columns, row) => read(s.cursor, columns, row);
  return (s, columns, row) => {
    read(s.cursor, columns, row);
    writeMetadata(s, columns, valueColumns, row);
  };
}

/**
 * The landing loop's fast path: an appended record whose value is registry Avro is read from its bytes straight into
 * the staged table's columns (avro-direct.ts), with no decoded object, row or DuckDB value made for it; metadata
 * columns are written from the Kafka record. It applies when the job appends into an unpartitioned table whose
 * columns are the value schema's own and the metadata's (not a table evolved past them); every other record, and any
 * the direct read gives up, takes the row path.
 */
export class DirectAppend {
  private readonly source: Source;
  private readonly metadata: NestedField[];
  private target: WriteTarget | null = null;
  /** How a value schema's records are written, or null when its columns are not the target's (cleared when the table's schema moves). */
  private readonly writes = new Map<MappedSchema, DirectWrite<Source> | null>();

  constructor(
    private readonly spec: LandJobSpecParsed,
    private readonly decoder: LandDecoder,
  ) {
    this.metadata = metadataFields(spec.metadataColumns);
    this.source = { cursor: new AvroCursor(), record: null as unknown as RawRecord, partition: 0, topic: Buffer.from(spec.topic, 'utf8') };
  }

  /** Stages the record's value: true when it did; false when nothing was staged and the record takes the row path. */
  add(batch: LandBatch, table: LandTable, key: LandedPart | null, partition: number, r: RawRecord): boolean {
    if (table.mode !== 'append' || !table.target) return false;
    const schema = this.decoder.directSchema(r.value);
    if (!schema || !table.fits(key, schema)) return false;
    if (table.target !== this.target) {
      this.target = table.target;
      this.writes.clear();
    }
    let write = this.writes.get(schema.mapped);
    if (write === undefined) {
      const fits = this.target.columns.length === 0 && sameColumns([...schema.mapped.fields, ...this.metadata], this.target.fields);
      this.writes.set(schema.mapped, (write = fits ? directWrite(schema.mapped.direct!, schema.mapped.fields.length, this.metadata.length > 0) : null));
    }
    if (!write) return false;
    const value = r.value!;
    const s = this.source;
    s.cursor.at(value, 5, value.length);
    s.record = r;
    s.partition = partition;
    return batch.addDirect(write, s, value.length, r.timestamp);
  }
}
