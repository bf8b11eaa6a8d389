import { execFileSync } from 'node:child_process';
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

const root = join(import.meta.dirname, '..', '..', '..');

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
