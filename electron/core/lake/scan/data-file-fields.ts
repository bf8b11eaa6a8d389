import { readParquetFields, type FileField } from '../io/parquet-footer';
import { hasStruct } from '../spec/types';
import type { ScanPlan } from './planner';

/**
 * The own schema (from the Parquet footer) of every data file of a plan whose table schema has a struct, keyed by
 * Iceberg path; nothing when no column holds a struct (top-level columns are matched by id without it).
 * `localPath` gives the local copy of each file.
 */
export async function dataFileFields(plan: ScanPlan, localPath: (icebergPath: string) => string): Promise<Map<string, FileField[]> | undefined> {
  if (!plan.schema.fields.some((f) => hasStruct(f.type))) return undefined;
  const out = new Map<string, FileField[]>();
  const queue = [...new Set(plan.tasks.map((t) => t.file.path))];
  const worker = async () => {
    for (let p = queue.shift(); p !== undefined; p = queue.shift()) out.set(p, await readParquetFields(localPath(p), p));
  };
  await Promise.all(Array.from({ length: Math.min(16, queue.length) }, worker));
  return out;
}
