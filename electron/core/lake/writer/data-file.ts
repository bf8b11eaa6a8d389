import type { Value } from '../expr/expr';

/** A data or position-delete file Floe wrote, with what its manifest entry records. */
export interface WrittenFile {
  content: 'data' | 'position-deletes';
  path: string;
  specId: number;
  /** Partition values in the spec's field order, in Iceberg's value representation. */
  partition: (Value | null)[];
  recordCount: number;
  sizeBytes: number;
  columnSizes: Map<number, bigint>;
  valueCounts: Map<number, bigint>;
  nullValueCounts: Map<number, bigint>;
  nanValueCounts: Map<number, bigint>;
  lowerBounds: Map<number, Uint8Array>;
  upperBounds: Map<number, Uint8Array>;
}
