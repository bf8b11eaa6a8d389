import { randomUUID } from 'node:crypto';
import type { TableId } from '../../../shared/model/lake';
import { FloeError } from '../../../shared/errors';
import type { Catalog, LoadedTable } from '../lake/catalog/catalog';
import type { FileIO } from '../lake/io/file-io';
import type { Snapshot } from '../lake/spec/metadata';
import type { WrittenFile } from '../lake/writer/data-file';
import type { ParquetWriter } from '../lake/writer/parquet-writer';
import { writePositionDeletes, type PartitionDeletes } from '../lake/writer/position-deletes';
import { RowsWriter, stagedPosition, stagedSlot, type StagedAt, type WriteTarget } from '../lake/writer/rows-writer';
import { commitSnapshot, type CommitResult } from '../lake/writer/snapshot-commit';
import type { DirectWrite } from '../lake/writer/staged-rows';
import type { IndexedFile, KeyIndex } from './key-index';
import type { RowChange } from './row-shaping';

export const JOB_PROPERTY = 'floe.land.job';
export const OFFSETS_PROPERTY = 'floe.land.offsets';

/** A batch's final word on a key: where its last row is staged (StagedAt), or DELETED. */
const DELETED = -1;

/** The key index a batch's deletes come from, and how to rebuild it from the table as the catalog has it now. */
export interface BatchKeys {
  index: KeyIndex;
  rebuild: () => Promise<KeyIndex>;
}

/** Rounds of "rebuild the index, recompute the deletes" before the commit gives up (each needs another writer to win a race). */
const INDEX_ROUNDS = 4;

/** The table moved under the key index (another writer's snapshot after the index's): its positions may be wrong. */
class StaleIndex extends FloeError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** Whether a snapshot between `base` (exclusive) and `current` was committed by someone other than this job. */
export function othersCommitted(snapshots: Snapshot[], current: bigint | null, base: bigint | null, jobId: string): boolean {
  const byId = new Map(snapshots.map((s) => [s.snapshotId, s]));
  for (let id = current; id !== null && id !== base; ) {
    const s = byId.get(id);
    if (!s) return true; // history expired under us: assume the worst
    if (s.summary[JOB_PROPERTY] !== jobId) return true;
    id = s.parentSnapshotId ?? null;
  }
  return false;
}

function checkIndexCurrent(base: LoadedTable, index: KeyIndex, jobId: string): void {
  if (othersCommitted(base.metadata.snapshots, base.metadata.currentSnapshotId, index.snapshotId, jobId))
    throw new StaleIndex(`another writer committed to the table after snapshot ${index.snapshotId}, which the key index describes`);
}

export interface BatchCommit {
  result: CommitResult;
  records: number;
  files: number;
}

/** The key a change upserts or deletes (null for an append). */
const changedKey = (change: RowChange): string | null => (change.kind === 'upsert' || change.kind === 'delete' ? change.key : null);

/**
 * One commit's worth of landing: rows staged as they arrive (in the writer's DuckDB; JS memory holds keys, not rows), then Parquet files,
 * position deletes for every key the batch replaced or deleted (in earlier snapshots through the key index, in this
 * batch's own files for keys that came twice), and one snapshot that records the offsets it consumed.
 */
export class LandBatch {
  private readonly writer: RowsWriter;
  private readonly keys = new Map<string, StagedAt>();
  /** Rows staged and then replaced within the batch: deleted by position once their file exists. */
  private readonly superseded: StagedAt[] = [];
  records = 0;
  firstTimestamp: number | null = null;

  constructor(
    private readonly target: WriteTarget,
    private readonly parquet: ParquetWriter,
    private readonly io: FileIO,
    private readonly staging: string,
  ) {
    this.writer = new RowsWriter(target, parquet, io, staging);
  }

  get stagedBytes(): number {
    return this.writer.stagedBytes;
  }

  get empty(): boolean {
    return this.records === 0 && this.keys.size === 0;
  }

  async add(change: RowChange, timestamp: number): Promise<void> {
    const row = change.kind === 'append' ? change.row : change.kind === 'upsert' ? change.row : null;
    this.record(change.kind, changedKey(change), timestamp, row ? await this.writer.add(row) : DELETED);
  }

  /** add() without waiting: false (nothing staged) when the row's partition needs its staged table made first. */
  addNow(change: RowChange, timestamp: number): boolean {
    const row = change.kind === 'append' ? change.row : change.kind === 'upsert' ? change.row : null;
    let at = DELETED;
    if (row) {
      at = this.writer.addNow(row);
      if (at < 0) return false;
    }
    this.record(change.kind, changedKey(change), timestamp, at);
    return true;
  }

  /**
   * addNow() of a row written straight into the staged columns, appended, or upserted under `key`: false when nothing
   * was staged (see RowsWriter.addDirect).
   */
  addDirect<S>(write: DirectWrite<S>, source: S, size: number, timestamp: number, key: string | null): boolean {
    const at = this.writer.addDirect(write, source, size);
    if (at < 0) return false;
    this.record(key === null ? 'append' : 'upsert', key, timestamp, at);
    return true;
  }

  private record(kind: RowChange['kind'], key: string | null, timestamp: number, at: StagedAt): void {
    this.records++;
    this.firstTimestamp ??= timestamp;
    if (key !== null) {
      const previous = this.keys.get(key);
      if (previous !== undefined && previous !== DELETED) this.superseded.push(previous);
      this.keys.set(key, kind === 'upsert' ? at : DELETED);
    }
  }

  /**
   * Writes the files and commits them with `offsets` (the next offset of every partition) in the snapshot summary;
   * the key index follows the commit. Deletes are computed from the index: when the table the commit would build on
   * holds another writer's snapshot after the index's (a compaction that rewrote the files it points into, an append
   * of rows with the same keys), the index is rebuilt from that table and the deletes computed again before committing.
   */
  async commit(catalog: Catalog, table: TableId, jobId: string, offsets: Map<number, number>, keys: BatchKeys | null): Promise<BatchCommit> {
    const written = await this.writer.finish();
    const bySlot = new Map(written.map((w) => [w.slot, { path: w.file.path, specId: w.file.specId, partition: w.file.partition } satisfies IndexedFile]));
    const fileOf = (at: StagedAt): IndexedFile => bySlot.get(stagedSlot(at))!;
    let index = keys?.index ?? null;
    const commitId = randomUUID();
    for (let round = 1; ; round++) {
      const deleteFiles = await this.writeDeletes(index, fileOf);
      const seen = index;
      try {
        const result = await commitSnapshot(
          catalog,
          this.io,
          table,
          {
            dataFiles: written.map((w) => w.file),
            deleteFiles,
            commitId,
            properties: { [JOB_PROPERTY]: jobId, [OFFSETS_PROPERTY]: JSON.stringify(Object.fromEntries([...offsets].sort((a, b) => a[0] - b[0]))), 'floe.land.records': String(this.records) },
          },
          seen && this.keys.size > 0 ? { validate: (base) => checkIndexCurrent(base, seen, jobId) } : {},
        );
        if (index) {
          for (const [key, at] of this.keys) {
            if (at === DELETED) index.delete(key);
            else index.set(key, fileOf(at), stagedPosition(at));
          }
          index.snapshotId = result.snapshotId;
        }
        return { result, records: this.records, files: written.length + deleteFiles.length };
      } catch (e) {
        if (!(e instanceof StaleIndex) || round >= INDEX_ROUNDS || !keys) throw e;
        for (const f of deleteFiles) await this.io.delete(f.path).catch(() => undefined);
        index = await keys.rebuild();
      }
    }
  }

  /** Position deletes for every key this batch replaced: its own superseded rows, and through the index older ones. */
  private async writeDeletes(index: KeyIndex | null, fileOf: (at: StagedAt) => IndexedFile): Promise<WrittenFile[]> {
    const deletes = new Map<string, PartitionDeletes>();
    const keyOf = new Map<IndexedFile, string>(); // a file's partition key, made once per file (not per deleted row)
    const deleteAt = (file: IndexedFile, pos: number) => {
      let key = keyOf.get(file);
      if (key === undefined) keyOf.set(file, (key = `${file.specId}:${JSON.stringify(file.partition, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v))}`));
      let d = deletes.get(key);
      if (!d) deletes.set(key, (d = { specId: file.specId, partition: file.partition, positions: new Map() }));
      const positions = d.positions.get(file.path);
      if (positions) positions.push(pos);
      else d.positions.set(file.path, [pos]);
    };
    for (const at of this.superseded) deleteAt(fileOf(at), stagedPosition(at));
    if (index)
      for (const key of this.keys.keys()) {
        const old = index.get(key);
        if (old) deleteAt(old.file, old.pos);
      }
    const deleteFiles: WrittenFile[] = [];
    for (const d of deletes.values()) deleteFiles.push(await writePositionDeletes(this.parquet, this.io, this.staging, this.target.location, d));
    return deleteFiles;
  }

  async discard(): Promise<void> {
    await this.writer.discard();
  }
}
