import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Value } from '../expr/expr';
import type { FileIO } from '../io/file-io';
import { parseLocation } from '../io/object-store';
import type { NestedField } from '../spec/types';
import type { WrittenFile } from './data-file';
import type { ParquetWriter } from './parquet-writer';

/** The reserved columns of a position delete file (spec "Position Delete Files"). */
export const POSITION_DELETE_FIELDS: NestedField[] = [
  { id: 2147483546, name: 'file_path', required: true, type: { kind: 'string' } },
  { id: 2147483545, name: 'pos', required: true, type: { kind: 'long' } },
];

/** Rows to delete from data files of one partition: data file path → positions. */
export interface PartitionDeletes {
  specId: number;
  partition: (Value | null)[];
  positions: Map<string, number[]>;
}

/** Writes one position delete file (sorted by file and position) for a partition's deletes. */
export async function writePositionDeletes(parquet: ParquetWriter, io: FileIO, stagingDir: string, location: string, deletes: PartitionDeletes): Promise<WrittenFile> {
  const name = `${randomUUID()}-deletes.parquet`;
  const uri = `${location.replace(/\/+$/, '')}/data/${name}`;
  const loc = parseLocation(uri);
  const local = loc.scheme === 'file' ? loc.path : join(stagingDir, name);
  mkdirSync(dirname(local), { recursive: true });
  const staged = await parquet.stage(POSITION_DELETE_FIELDS);
  try {
    // Staged already sorted (by path as UTF-8 bytes, as the spec and DuckDB order them; then position), so the COPY
    // streams them instead of sorting a batch's worth of deletes in the writer's memory.
    const paths = [...deletes.positions.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const row = { file_path: '', pos: 0 };
    for (const path of paths) {
      row.file_path = path;
      for (const pos of Float64Array.from(deletes.positions.get(path)!).sort()) {
        row.pos = pos;
        staged.add(row);
      }
    }
  } catch (e) {
    await parquet.discard(staged);
    throw e;
  }
  const written = await parquet.write(staged, local);
  if (loc.scheme !== 'file') {
    await io.write(uri, readFileSync(local));
    rmSync(local, { force: true });
  }
  return { content: 'position-deletes', path: uri, specId: deletes.specId, partition: deletes.partition, ...written };
}
