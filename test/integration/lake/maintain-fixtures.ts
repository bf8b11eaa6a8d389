import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Catalog } from '../../../electron/core/lake/catalog/catalog';
import type { FileIO } from '../../../electron/core/lake/io/file-io';
import { partitionColumns } from '../../../electron/core/lake/spec/manifest-avro';
import { currentSchema } from '../../../electron/core/lake/spec/metadata';
import type { ParquetWriter } from '../../../electron/core/lake/writer/parquet-writer';
import { writePositionDeletes, type PartitionDeletes } from '../../../electron/core/lake/writer/position-deletes';
import { RowsWriter, type WriteTarget } from '../../../electron/core/lake/writer/rows-writer';
import { commitSnapshot, type CommitResult } from '../../../electron/core/lake/writer/snapshot-commit';
import type { TableId } from '../../../shared/model/lake';
import { filesOf, ManifestReader } from '../../../electron/core/maintain/reachable-files';
import { BASE_TS, canonRows, expected, pyIn, row } from './writer-fixtures';

const root = join(import.meta.dirname, '..', '..', '..');

/** Rows of writer_oracle.py's table over 2 days × 4 id buckets: every append leaves a small file in each of 8 partitions. */
export const rowAt = (i: number) => ({ ...row(i), ts: BASE_TS + BigInt(i % 48) * 3_600_000_000n + BigInt(i) });

/** Where each written row (by key) sits: its file and position, for deleting it later by position. */
export type RowPlaces = Map<string, { path: string; specId: number; partition: PartitionDeletes['partition']; pos: number }>;

export async function targetOf(catalog: Catalog, id: TableId): Promise<WriteTarget> {
  const table = await catalog.loadTable(id);
  const schema = currentSchema(table.metadata);
  const spec = table.metadata.partitionSpecs.find((s) => s.specId === table.metadata.defaultSpecId)!;
  return { location: table.metadata.location, specId: spec.specId, fields: schema.fields, columns: partitionColumns(spec, schema) };
}

/** Commits rows (keyed by `key`) as one append with Floe's writer; records where each row went. */
export async function appendRows(w: { catalog: Catalog; io: FileIO; parquet: ParquetWriter; staging: string }, id: TableId, rows: Record<string, unknown>[], key: (r: Record<string, unknown>) => string, places: RowPlaces, properties?: Record<string, string>): Promise<CommitResult> {
  const writer = new RowsWriter(await targetOf(w.catalog, id), w.parquet, w.io, w.staging);
  for (const r of rows) await writer.add(r, key(r));
  const files = await writer.finish();
  for (const f of files) f.keys.forEach((k, pos) => places.set(k, { path: f.file.path, specId: f.file.specId, partition: f.file.partition, pos }));
  return commitSnapshot(w.catalog, w.io, id, { dataFiles: files.map((f) => f.file), deleteFiles: [], commitId: randomUUID(), ...(properties ? { properties } : {}) });
}

/** Commits position deletes for the rows with these keys. */
export async function deleteRows(w: { catalog: Catalog; io: FileIO; parquet: ParquetWriter; staging: string }, id: TableId, keys: string[], places: RowPlaces): Promise<CommitResult> {
  const target = await targetOf(w.catalog, id);
  const byPartition = new Map<string, PartitionDeletes>();
  for (const k of keys) {
    const at = places.get(k)!;
    const pk = `${at.specId}/${JSON.stringify(at.partition, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`;
    let d = byPartition.get(pk);
    if (!d) byPartition.set(pk, (d = { specId: at.specId, partition: at.partition, positions: new Map() }));
    d.positions.set(at.path, [...(d.positions.get(at.path) ?? []), at.pos]);
  }
  const deleteFiles = [];
  for (const d of byPartition.values()) deleteFiles.push(await writePositionDeletes(w.parquet, w.io, w.staging, target.location, d));
  return commitSnapshot(w.catalog, w.io, id, { dataFiles: [], deleteFiles, commitId: randomUUID() });
}

export function pythons(): { python: string; duckPython: string } {
  execFileSync('bash', [join(root, 'scripts/build-native.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  return {
    python: execFileSync('bash', [join(root, 'scripts/python-oracles.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim(),
    duckPython: execFileSync('bash', [join(root, 'scripts/python-duckdb.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim(),
  };
}

/** A table the oracles read: pyiceberg through its SQL catalog, DuckDB's iceberg extension from its metadata file. */
export interface OracleTable {
  python: string;
  duckPython: string;
  catalogPath: string;
  name: string;
  catalog: Catalog;
  io: FileIO;
  id: TableId;
  /** For a table on S3: FLOE_S3_* (see writer_oracle.py). */
  env?: NodeJS.ProcessEnv;
}

/** pyiceberg (current snapshot) and DuckDB's iceberg_scan both read exactly the live rows. */
export async function assertOracles(o: OracleTable, live: Record<string, unknown>[], label: string): Promise<void> {
  const env = { ...process.env, ...o.env };
  const t = await o.catalog.loadTable(o.id);
  const want = expected(currentSchema(t.metadata).fields, live);
  const oracle = pyIn(env, o.python, 'scan', o.catalogPath, o.name) as { metadata: string; snapshots: { id: string; rows: unknown[] }[] };
  const cur = oracle.snapshots.find((s) => s.id === String(t.metadata.currentSnapshotId))!;
  expect(canonRows(cur.rows), `pyiceberg ${label}`).toEqual(want);
  const duck = pyIn(env, o.duckPython, 'duckdb', oracle.metadata, String(t.metadata.currentSnapshotId)) as { rows: unknown[] };
  expect(canonRows(duck.rows), `DuckDB ${label}`).toEqual(want);
}

/** Every file any snapshot references exists (by listing the table's location); returns the references and the listing. */
export async function assertReferencedExist(o: Pick<OracleTable, 'catalog' | 'io' | 'id'>): Promise<{ refs: Set<string>; listed: Set<string> }> {
  const t = await o.catalog.loadTable(o.id);
  const reader = new ManifestReader(o.io);
  const refs = new Set<string>();
  for (const s of t.metadata.snapshots) await filesOf(reader, s, refs);
  const listed = new Set((await o.io.listTree(t.metadata.location)).map((f) => f.uri));
  for (const r of refs) expect(listed.has(r), `${r} is referenced and must exist`).toBe(true);
  return { refs, listed };
}
