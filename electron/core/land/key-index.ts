import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { FloeError } from '../../../shared/errors';
import type { LoadedTable } from '../lake/catalog/catalog';
import type { Value } from '../lake/expr/expr';
import { partitionValue } from '../lake/expr/single-value';
import type { FileIO } from '../lake/io/file-io';
import { parseLocation } from '../lake/io/object-store';
import type { ScanPlanner } from '../lake/scan/planner';
import { partitionColumns } from '../lake/spec/manifest-avro';
import { currentSchema } from '../lake/spec/metadata';
import { quoteIdent, type NestedField } from '../lake/spec/types';
import type { ParquetWriter } from '../lake/writer/parquet-writer';
import { sqlString } from '../lake/writer/parquet-sql';
import { writeFileAtomic } from '../util/atomic-write';

/** A data file the index points into, with the partition its position deletes must carry. */
export interface IndexedFile {
  path: string;
  specId: number;
  partition: (Value | null)[];
}

const POS_RANGE = 2 ** 32;

/**
 * Where each key's live row is: key → (data file, position). Upserts and CDC deletes turn it into position deletes
 * (readers then apply them like any other delete file, which equality deletes would not give every engine).
 * It is saved beside the job after each commit and rebuilt from the table when it is missing or stale.
 */
export class KeyIndex {
  private readonly files: IndexedFile[] = [];
  private readonly fileIds = new Map<string, number>();
  private readonly entries = new Map<string, number>();

  /** The snapshot this index describes. */
  snapshotId: bigint | null = null;

  get size(): number {
    return this.entries.size;
  }

  get(key: string): { file: IndexedFile; pos: number } | undefined {
    const at = this.entries.get(key);
    if (at === undefined) return undefined;
    return { file: this.files[Math.floor(at / POS_RANGE)]!, pos: at % POS_RANGE };
  }

  set(key: string, file: IndexedFile, pos: number): void {
    let id = this.fileIds.get(file.path);
    if (id === undefined) {
      id = this.files.length;
      this.files.push(file);
      this.fileIds.set(file.path, id);
    }
    this.entries.set(key, id * POS_RANGE + pos);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  save(path: string): void {
    const files = JSON.stringify(this.files, (_k, v: unknown) => (typeof v === 'bigint' ? { $big: String(v) } : v instanceof Uint8Array ? { $hex: Buffer.from(v).toString('hex') } : v));
    // Entries are strings and numbers: stringified without the replacer, which would be called for every one of them.
    writeFileAtomic(path, `{"snapshotId":${JSON.stringify(this.snapshotId === null ? null : String(this.snapshotId))},"files":${files},"entries":${JSON.stringify([...this.entries])}}`);
  }

  /** The saved index, if it describes `snapshotId`; else null (it must be rebuilt). */
  static load(path: string, snapshotId: bigint | null): KeyIndex | null {
    if (!existsSync(path)) return null;
    try {
      const doc = JSON.parse(readFileSync(path, 'utf8'), (_k, v: unknown) => {
        if (v && typeof v === 'object' && '$big' in v) return BigInt((v as { $big: string }).$big);
        if (v && typeof v === 'object' && '$hex' in v) return Uint8Array.from(Buffer.from((v as { $hex: string }).$hex, 'hex'));
        return v;
      }) as { snapshotId: string | null; files: IndexedFile[]; entries: [string, number][] };
      if ((doc.snapshotId === null ? null : BigInt(doc.snapshotId)) !== snapshotId) return null;
      const index = new KeyIndex();
      index.snapshotId = snapshotId;
      doc.files.forEach((f, i) => {
        index.files.push(f);
        index.fileIds.set(f.path, i);
      });
      for (const [k, at] of doc.entries) index.entries.set(k, at);
      return index;
    } catch {
      return null; // a damaged index is rebuilt from the table
    }
  }
}

/** SQL that renders a key column as keyText() renders the landed value (see row-shaping.ts). */
function keyTextSql(f: NestedField): string {
  const c = quoteIdent(f.name);
  switch (f.type.kind) {
    case 'date':
      return `(${c} - DATE '1970-01-01')::VARCHAR`;
    case 'time':
      return `(EXTRACT(EPOCH FROM ${c}) * 1000000)::BIGINT::VARCHAR`;
    case 'timestamp':
    case 'timestamptz':
      return `epoch_us(${c})::VARCHAR`;
    case 'binary':
    case 'fixed':
      return `lower(hex(${c}))`;
    case 'uuid':
      return `lower(${c}::VARCHAR)`;
    default:
      return `${c}::VARCHAR`;
  }
}

/** A local path DuckDB can read for a table file: the file itself on a local disk, else a copy in the staging folder. */
async function readable(io: FileIO, uri: string, staging: string, copies: string[]): Promise<string> {
  const loc = parseLocation(uri);
  if (loc.scheme === 'file') return loc.path;
  const local = join(staging, `${randomUUID()}.parquet`);
  writeFileSync(local, await io.read(uri));
  copies.push(local);
  return local;
}

/** Reads the live rows' keys and positions of a table's current snapshot (after its position deletes). */
export async function rebuildKeyIndex(table: LoadedTable, planner: ScanPlanner, io: FileIO, parquet: ParquetWriter, staging: string, keyFields: NestedField[]): Promise<KeyIndex> {
  const index = new KeyIndex();
  index.snapshotId = table.metadata.currentSnapshotId;
  const plan = await planner.plan(table.metadata);
  const schema = currentSchema(table.metadata);
  const copies: string[] = [];
  try {
    for (const task of plan.tasks) {
      if (task.equalityDeletes.length > 0)
        throw new FloeError('UNSUPPORTED', `${task.file.path} has equality deletes (written by another engine): Floe upserts only into tables whose deletes are by position`);
      const spec = table.metadata.partitionSpecs.find((s) => s.specId === task.file.specId)!;
      const columns = partitionColumns(spec, schema);
      const file: IndexedFile = { path: task.file.path, specId: task.file.specId, partition: columns.map((c) => partitionValue(task.file.partition[c.name] ?? null, c.type) ?? null) };
      const deleted = new Set<number>();
      for (const d of task.positionDeletes) {
        const path = await readable(io, d.file.path, staging, copies);
        for (const r of await parquet.rows(`SELECT pos::VARCHAR AS pos FROM read_parquet(${sqlString(path)}, hive_partitioning = false) WHERE file_path = ${sqlString(task.file.path)}`)) deleted.add(Number(r.pos));
      }
      const path = await readable(io, task.file.path, staging, copies);
      const rows = await parquet.rows(
        `SELECT ${keyFields.map((f, i) => `${keyTextSql(f)} AS k${i}`).join(', ')}, file_row_number::VARCHAR AS pos FROM read_parquet(${sqlString(path)}, file_row_number = true, hive_partitioning = false)`,
      );
      for (const r of rows) {
        const pos = Number(r.pos);
        if (deleted.has(pos)) continue;
        const parts = keyFields.map((_, i) => r[`k${i}`] as string | null);
        if (parts.some((p) => p === null)) continue;
        index.set(JSON.stringify(parts), file, pos);
      }
    }
  } finally {
    for (const c of copies) rmSync(c, { force: true });
  }
  return index;
}
