// A table in a fresh SQL catalog (SQLite) written by Floe's own writer in many small commits, so it has many small files.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlCatalog } from '../../electron/core/lake/catalog/sql-catalog';
import { definitionOf } from '../../electron/core/lake/catalog/new-table-metadata';
import { FileIO } from '../../electron/core/lake/io/file-io';
import { ParquetWriter } from '../../electron/core/lake/writer/parquet-writer';
import type { TableId } from '../../shared/model/lake';
import { appendRows, type RowPlaces } from '../integration/lake/maintain-fixtures';

export const CATEGORIES = ['books', 'games', 'tools'] as const;

export interface SmallFilesTable {
  catalog: string;
  warehouse: string;
  id: TableId;
  /** Rows written in all. */
  rows: number;
  /** Data files written (one per category per commit). */
  files: number;
}

/** `shop.orders` (id, category, amount; partitioned by category): `commits` appends of `perCommit` rows each. */
export async function buildSmallFilesTable(commits = 8, perCommit = 30): Promise<SmallFilesTable> {
  const dir = mkdtempSync(join(tmpdir(), 'floe-e2e-maintain-'));
  const warehouse = join(dir, 'warehouse');
  const catalogPath = join(dir, 'catalog.db');
  const id: TableId = { namespace: ['shop'], name: 'orders' };
  const io = new FileIO({ cacheDir: join(dir, 'cache') });
  const catalog = await SqlCatalog.open(io, { path: catalogPath, warehouse, create: true });
  const parquet = await ParquetWriter.open(join(dir, 'staging'), [warehouse]);
  try {
    await catalog.createNamespace(id.namespace);
    const def = definitionOf([{ name: 'id', type: 'long', required: true }, { name: 'category', type: 'string' }, { name: 'amount', type: 'long' }]);
    await catalog.createTable(id, { ...def, partitionFields: [{ sourceId: 2, fieldId: 1000, name: 'category', transform: 'identity' }] });
    const places: RowPlaces = new Map();
    const w = { catalog, io, parquet, staging: join(dir, 'staging') };
    for (let c = 0; c < commits; c++) {
      const rows = Array.from({ length: perCommit }, (_, i) => {
        const n = c * perCommit + i;
        return { id: BigInt(n), category: CATEGORIES[n % CATEGORIES.length], amount: BigInt(n * 37 - 400) };
      });
      await appendRows(w, id, rows, (r) => String(r.id), places);
    }
    return { catalog: catalogPath, warehouse, id, rows: commits * perCommit, files: commits * CATEGORIES.length };
  } finally {
    parquet.close();
    catalog.close();
    io.close();
  }
}

/** Drops the table from its catalog (as another tool would), leaving its files. */
export async function dropTable(t: SmallFilesTable): Promise<void> {
  const io = new FileIO({ cacheDir: join(t.warehouse, '..', 'cache') });
  const catalog = await SqlCatalog.open(io, { path: t.catalog, warehouse: t.warehouse });
  try {
    await catalog.dropTable(t.id);
  } finally {
    catalog.close();
    io.close();
  }
}
