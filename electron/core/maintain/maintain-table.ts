import type { TableId } from '../../../shared/model/lake';
import type { MaintainReport, MaintainOperation } from '../../../shared/model/maintain';
import { tableName, type Catalog, type LoadedTable } from '../lake/catalog/catalog';
import type { FileIO } from '../lake/io/file-io';
import type { Snapshot } from '../lake/spec/metadata';

/** The table an operation maintains: its catalog, its files' IO, and a folder of Floe's own for staging. */
export interface MaintainTable {
  catalog: Catalog;
  io: FileIO;
  id: TableId;
  stagingDir: string;
}

export function currentSnapshot(t: LoadedTable): Snapshot | null {
  const id = t.metadata.currentSnapshotId;
  return id === null ? null : (t.metadata.snapshots.find((s) => s.snapshotId === id) ?? null);
}

export function report(t: MaintainTable, operation: MaintainOperation, dryRun: boolean, message: string, more: Partial<MaintainReport> = {}): MaintainReport {
  return { table: tableName(t.id), operation, dryRun, message, snapshotId: null, attempts: 0, counts: {}, removed: [], added: [], kept: [], ...more };
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
