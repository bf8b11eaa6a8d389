import { FloeError } from '../../../../shared/errors';
import type { SnapshotSelector } from '../../../../shared/model/lake';
import { currentSchema, schemaById, type Schema, type Snapshot, type TableMetadata } from './metadata';

export interface SelectedSnapshot {
  /** Null for a table with no snapshot yet (it reads as empty). */
  snapshot: Snapshot | null;
  /** The schema rows are read with: the snapshot's own for time travel, the table's for its current state. */
  schema: Schema;
}

function byId(meta: TableMetadata, id: bigint): Snapshot {
  const s = meta.snapshots.find((x) => x.snapshotId === id);
  if (!s) {
    const known = meta.snapshots.map((x) => x.snapshotId.toString());
    throw new FloeError('NOT_FOUND', `Snapshot ${id} is not in this table (it has ${known.length ? known.join(', ') : 'no snapshots'})`);
  }
  return s;
}

function timeTravelSchema(meta: TableMetadata, s: Snapshot): Schema {
  return s.schemaId === null ? currentSchema(meta) : schemaById(meta, s.schemaId);
}

/** The snapshot with this id, branch/tag, or the one current at a time; the current one by default. */
export function selectSnapshot(meta: TableMetadata, sel: SnapshotSelector = {}): SelectedSnapshot {
  const given = [sel.snapshotId !== undefined, sel.ref !== undefined, sel.asOfMs !== undefined].filter(Boolean).length;
  if (given > 1) throw new FloeError('BAD_INPUT', 'Choose a snapshot by one of id, ref or time, not several');
  if (sel.snapshotId !== undefined) {
    const s = byId(meta, sel.snapshotId);
    return { snapshot: s, schema: timeTravelSchema(meta, s) };
  }
  if (sel.ref !== undefined) {
    const ref = meta.refs.get(sel.ref);
    if (!ref) throw new FloeError('NOT_FOUND', `No branch or tag named "${sel.ref}" (refs: ${[...meta.refs.keys()].join(', ') || 'none'})`);
    const s = byId(meta, ref.snapshotId);
    return { snapshot: s, schema: ref.type === 'tag' ? timeTravelSchema(meta, s) : currentSchema(meta) };
  }
  if (sel.asOfMs !== undefined) {
    const s = snapshotAsOf(meta, sel.asOfMs);
    return { snapshot: s, schema: timeTravelSchema(meta, s) };
  }
  return { snapshot: meta.currentSnapshotId === null ? null : byId(meta, meta.currentSnapshotId), schema: currentSchema(meta) };
}

/** The main branch's snapshot at a time: the last snapshot-log entry at or before it (ancestry when there is no log). */
export function snapshotAsOf(meta: TableMetadata, asOfMs: number): Snapshot {
  let id: bigint | null = null;
  if (meta.snapshotLog.length > 0) {
    for (const e of meta.snapshotLog) if (e.timestampMs <= asOfMs) id = e.snapshotId;
  } else {
    for (const s of ancestors(meta, meta.currentSnapshotId)) {
      if (s.timestampMs <= asOfMs) {
        id = s.snapshotId;
        break;
      }
    }
  }
  if (id === null) {
    const first = meta.snapshotLog[0]?.timestampMs ?? meta.snapshots[0]?.timestampMs;
    throw new FloeError('NOT_FOUND', `The table has no snapshot at or before ${new Date(asOfMs).toISOString()}${first !== undefined ? ` (its first is at ${new Date(first).toISOString()})` : ''}`);
  }
  return byId(meta, id);
}

/** A snapshot and its parents, newest first. */
export function* ancestors(meta: TableMetadata, from: bigint | null): Generator<Snapshot> {
  const seen = new Set<bigint>();
  let id = from;
  while (id !== null && !seen.has(id)) {
    seen.add(id);
    const s = meta.snapshots.find((x) => x.snapshotId === id);
    if (!s) return;
    yield s;
    id = s.parentSnapshotId;
  }
}
