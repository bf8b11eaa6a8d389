import type { LandJobSpecParsed } from '../../../shared/model/land';
import type { RawRecord } from '../kafka/record-batch';
import type { IcebergType, NestedField } from '../lake/spec/types';
import type { WriteTarget } from '../lake/writer/rows-writer';
import type { LandBatch } from './land-batch';
import type { LandDecoder, LandedPart } from './land-decoder';
import type { LandTable } from './land-table';
import { AvroCursor } from './type-mapping/avro-direct';
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

/**
 * The landing loop's fast path: an appended record whose value is registry Avro is read from its bytes straight into
 * the staged table's columns (avro-direct.ts), with no decoded object, row or DuckDB value made for it. It applies
 * when the job appends with no metadata columns into an unpartitioned table whose columns are the value schema's own
 * (not a table evolved past it); every other record, and any the direct read gives up, takes the row path.
 */
export class DirectAppend {
  private readonly cursor = new AvroCursor();
  private target: WriteTarget | null = null;
  /** Whether a value schema's columns are the target's, per schema (cleared when the table's schema moves). */
  private readonly fitting = new Map<MappedSchema, boolean>();

  constructor(
    private readonly spec: LandJobSpecParsed,
    private readonly decoder: LandDecoder,
  ) {}

  /** Stages the record's value: true when it did; false when nothing was staged and the record takes the row path. */
  add(batch: LandBatch, table: LandTable, key: LandedPart | null, r: RawRecord): boolean {
    if (table.mode !== 'append' || this.spec.metadataColumns !== 'none' || !table.target) return false;
    const schema = this.decoder.directSchema(r.value);
    if (!schema || !table.fits(key, schema)) return false;
    if (table.target !== this.target) {
      this.target = table.target;
      this.fitting.clear();
    }
    let fits = this.fitting.get(schema.mapped);
    if (fits === undefined) this.fitting.set(schema.mapped, (fits = this.target.columns.length === 0 && sameColumns(schema.mapped.fields, this.target.fields)));
    const value = r.value!;
    return fits && batch.addDirect(schema.mapped.direct!, this.cursor.at(value, 5, value.length), value.length, r.timestamp);
  }
}
