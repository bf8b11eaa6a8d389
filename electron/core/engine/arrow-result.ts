import { Bool, Float64, Int32, Int64, Table, Utf8, vectorFromArray, tableToIPC, type DataType, type Vector } from 'apache-arrow';
import { DuckDBTypeId, JSDuckDBValueConverter, JsonDuckDBValueConverter, type DuckDBDataChunk, type DuckDBType } from '@duckdb/node-api';
import type { ColumnView } from '../../../shared/model/lake';

type Kind = 'bool' | 'int32' | 'int64' | 'float64' | 'text';

/**
 * How a DuckDB column crosses to the UI: integers and floats stay numbers (64-bit as bigint); everything
 * whose JS form would lose precision or meaning (decimals, temporals, uuids, nested values) crosses as
 * its exact text, as DuckDB prints it.
 */
function kindOf(type: DuckDBType): Kind {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'bool';
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return 'int32';
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
      return 'int64';
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return 'float64';
    default:
      return 'text';
  }
}

const ARROW: Record<Kind, () => DataType> = {
  bool: () => new Bool(),
  int32: () => new Int32(),
  int64: () => new Int64(),
  float64: () => new Float64(),
  text: () => new Utf8(),
};

/** Collects result chunks column by column, then writes one Arrow IPC stream. */
export class ArrowCollector {
  private readonly kinds: Kind[];
  private readonly columns: unknown[][];
  rowCount = 0;

  constructor(
    readonly names: string[],
    readonly types: DuckDBType[],
  ) {
    this.kinds = types.map(kindOf);
    this.columns = names.map(() => []);
  }

  /** Appends up to `max` rows of a chunk. */
  add(chunk: DuckDBDataChunk, max: number): void {
    const take = Math.min(max, chunk.rowCount);
    if (take <= 0) return;
    this.kinds.forEach((kind, i) => {
      const target = this.columns[i] as unknown[];
      const values =
        kind === 'text'
          ? chunk.convertColumnValues(i, JsonDuckDBValueConverter).map((v) => (v === null || typeof v === 'string' ? v : JSON.stringify(v)))
          : chunk.convertColumnValues(i, JSDuckDBValueConverter);
      for (let r = 0; r < take; r++) target.push(values[r] ?? null);
    });
    this.rowCount += take;
  }

  columnViews(): ColumnView[] {
    return this.names.map((name, i) => ({ name, type: this.types[i]?.toString() ?? 'UNKNOWN' }));
  }

  toIpc(): Uint8Array {
    const used = new Map<string, number>();
    const vectors: Record<string, Vector> = {};
    this.names.forEach((name, i) => {
      const n = used.get(name) ?? 0;
      used.set(name, n + 1);
      const key = n === 0 ? name : `${name}_${n}`;
      vectors[key] = vectorFromArray(this.columns[i] as never[], ARROW[this.kinds[i] ?? 'text']());
    });
    return tableToIPC(new Table(vectors), 'stream');
  }
}
