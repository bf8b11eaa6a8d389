import { FloeError } from '../../../../shared/errors';
import type { TableId } from '../../../../shared/model/lake';
import type { TableDefinition } from './new-table-metadata';
import type { TableMetadata } from '../spec/metadata';

export interface LoadedTable {
  id: TableId;
  metadataLocation: string;
  metadata: TableMetadata;
}

/** Where tables are listed and found. Every catalog kind (SQL, single metadata file) has this shape. */
export interface Catalog {
  readonly description: string;
  listNamespaces(): Promise<string[][]>;
  listTables(namespace?: string[]): Promise<TableId[]>;
  loadTable(id: TableId): Promise<LoadedTable>;
  createNamespace(namespace: string[]): Promise<void>;
  dropNamespace(namespace: string[]): Promise<void>;
  createTable(id: TableId, definition: TableDefinition): Promise<LoadedTable>;
  dropTable(id: TableId): Promise<void>;
  /**
   * Points the table at a new metadata file, only if it still points at `base` (compare-and-swap):
   * a CONFLICT error when another writer committed first, and the table is left as that writer left it.
   */
  commitTable(id: TableId, base: string, next: string): Promise<void>;
  close(): void;
}

export function tableName(id: TableId): string {
  return [...id.namespace, id.name].join('.');
}

/** `db.events` → namespace [db], name events. */
export function parseTableName(text: string): TableId {
  const parts = text.split('.').map((p) => p.trim());
  const name = parts.pop();
  if (!name || parts.some((p) => p === '')) throw new FloeError('BAD_INPUT', `"${text}" is not a table name (expected namespace.table)`);
  return { namespace: parts, name };
}

export function readOnly(what: string, description: string): FloeError {
  return new FloeError('UNSUPPORTED', `${description} is opened read-only: it cannot ${what}`);
}

/** A catalog Floe only reads (one metadata file, a REST catalog): every change is refused, naming the catalog. */
export abstract class ReadOnlyCatalog implements Catalog {
  abstract readonly description: string;
  abstract listNamespaces(): Promise<string[][]>;
  abstract listTables(namespace?: string[]): Promise<TableId[]>;
  abstract loadTable(id: TableId): Promise<LoadedTable>;

  async createNamespace(): Promise<void> {
    throw readOnly('create namespaces', this.description);
  }
  async dropNamespace(): Promise<void> {
    throw readOnly('drop namespaces', this.description);
  }
  async createTable(): Promise<LoadedTable> {
    throw readOnly('create tables', this.description);
  }
  async dropTable(): Promise<void> {
    throw readOnly('drop tables', this.description);
  }
  async commitTable(): Promise<void> {
    throw readOnly('commit changes to tables', this.description);
  }
  close(): void {}
}
