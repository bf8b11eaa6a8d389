import { existsSync } from 'node:fs';
import { FloeError } from '../../../../shared/errors';
import type { TableId } from '../../../../shared/model/lake';
import type { FileIO } from '../io/file-io';
import { parseTableMetadata } from '../spec/metadata';
import { tableName, type Catalog, type LoadedTable } from './catalog';
import { readMetadataFile } from './metadata-file';
import { newMetadataFileName, newTableMetadata, type TableDefinition } from './new-table-metadata';
import type DatabaseT from 'better-sqlite3';

type Database = DatabaseT.Database;

export interface SqlCatalogOptions {
  path: string;
  /** Where new tables go: a folder or an s3:// URL. */
  warehouse?: string;
  /** The catalog_name column; when absent, the only name in the file, else "default". */
  name?: string;
  /** Create the file and its tables when missing. */
  create?: boolean;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS iceberg_tables (
     catalog_name VARCHAR(255) NOT NULL, table_namespace VARCHAR(255) NOT NULL, table_name VARCHAR(255) NOT NULL,
     metadata_location VARCHAR(1000), previous_metadata_location VARCHAR(1000),
     PRIMARY KEY (catalog_name, table_namespace, table_name))`,
  `CREATE TABLE IF NOT EXISTS iceberg_namespace_properties (
     catalog_name VARCHAR(255) NOT NULL, namespace VARCHAR(255) NOT NULL, property_key VARCHAR(255) NOT NULL,
     property_value VARCHAR(1000), PRIMARY KEY (catalog_name, namespace, property_key))`,
];

async function openSqlite(path: string, create: boolean): Promise<Database> {
  if (!create && !existsSync(path)) throw new FloeError('NOT_FOUND', `SQL catalog ${path} does not exist`);
  let Sqlite: typeof DatabaseT;
  try {
    Sqlite = (await import('better-sqlite3')).default;
  } catch (e) {
    throw new FloeError('UNSUPPORTED', `The SQLite driver (better-sqlite3) is not built on this machine: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    const db = new Sqlite(path, { fileMustExist: !create });
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (e) {
    throw new FloeError('STORE_CORRUPT', `Cannot open SQL catalog ${path}: ${(e as Error).message}`);
  }
}

/**
 * The Iceberg SQL catalog on SQLite, with the table layout pyiceberg's SqlCatalog and the Iceberg JDBC
 * catalog use, so a catalog file written by either (or by Floe) opens in the others.
 */
export class SqlCatalog implements Catalog {
  private constructor(
    private readonly db: Database,
    private readonly io: FileIO,
    /** The catalog_name its rows carry. */
    readonly name: string,
    private readonly options: SqlCatalogOptions,
  ) {}

  static async open(io: FileIO, options: SqlCatalogOptions): Promise<SqlCatalog> {
    const db = await openSqlite(options.path, Boolean(options.create));
    try {
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('iceberg_tables', 'iceberg_namespace_properties')`).all() as { name: string }[];
      if (tables.length < 2) {
        if (!options.create && tables.length === 0) throw new FloeError('BAD_INPUT', `${options.path} is not an Iceberg SQL catalog (it has no iceberg_tables table)`);
        for (const s of SCHEMA) db.exec(s);
      }
      let name = options.name;
      if (!name) {
        const names = db.prepare('SELECT DISTINCT catalog_name AS n FROM iceberg_tables UNION SELECT DISTINCT catalog_name FROM iceberg_namespace_properties').all() as { n: string }[];
        name = names.length === 1 && names[0] ? names[0].n : 'default';
      }
      return new SqlCatalog(db, io, name, options);
    } catch (e) {
      db.close();
      if (e instanceof FloeError) throw e;
      throw new FloeError('STORE_CORRUPT', `${options.path} is not a readable SQLite catalog: ${(e as Error).message}`);
    }
  }

  get description(): string {
    return `SQL catalog ${this.options.path} (${this.name})`;
  }

  async listNamespaces(): Promise<string[][]> {
    const rows = this.db
      .prepare('SELECT table_namespace AS ns FROM iceberg_tables WHERE catalog_name = ? UNION SELECT namespace FROM iceberg_namespace_properties WHERE catalog_name = ? ORDER BY 1')
      .all(this.name, this.name) as { ns: string }[];
    return rows.map((r) => r.ns.split('.'));
  }

  async listTables(namespace?: string[]): Promise<TableId[]> {
    const rows = (
      namespace
        ? this.db.prepare('SELECT table_namespace AS ns, table_name AS t FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? ORDER BY 1, 2').all(this.name, namespace.join('.'))
        : this.db.prepare('SELECT table_namespace AS ns, table_name AS t FROM iceberg_tables WHERE catalog_name = ? ORDER BY 1, 2').all(this.name)
    ) as { ns: string; t: string }[];
    return rows.map((r) => ({ namespace: r.ns.split('.'), name: r.t }));
  }

  async loadTable(id: TableId): Promise<LoadedTable> {
    const row = this.db
      .prepare('SELECT metadata_location AS loc FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?')
      .get(this.name, id.namespace.join('.'), id.name) as { loc: string | null } | undefined;
    if (!row) throw new FloeError('NOT_FOUND', `Table ${tableName(id)} is not in ${this.description}`);
    if (!row.loc) throw new FloeError('STORE_CORRUPT', `Table ${tableName(id)} in ${this.description} has no metadata location`);
    const metadata = await readMetadataFile(this.io, row.loc, `the catalog row of ${tableName(id)}`);
    return { id, metadataLocation: row.loc, metadata };
  }

  async createNamespace(namespace: string[]): Promise<void> {
    const ns = namespace.join('.');
    if (!ns) throw new FloeError('BAD_INPUT', 'A namespace needs a name');
    const exists = (await this.listNamespaces()).some((n) => n.join('.') === ns);
    if (exists) throw new FloeError('CONFLICT', `Namespace ${ns} already exists`);
    this.db.prepare(`INSERT INTO iceberg_namespace_properties VALUES (?, ?, 'exists', 'true')`).run(this.name, ns);
  }

  async dropNamespace(namespace: string[]): Promise<void> {
    const ns = namespace.join('.');
    const tables = await this.listTables(namespace);
    if (tables.length > 0) throw new FloeError('CONFLICT', `Namespace ${ns} is not empty (${tables.length} tables)`);
    const { changes } = this.db.prepare('DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?').run(this.name, ns);
    if (changes === 0) throw new FloeError('NOT_FOUND', `Namespace ${ns} does not exist`);
  }

  async createTable(id: TableId, definition: TableDefinition): Promise<LoadedTable> {
    const ns = id.namespace.join('.');
    if (!(await this.listNamespaces()).some((n) => n.join('.') === ns)) throw new FloeError('NOT_FOUND', `Namespace ${ns} does not exist`);
    if (!this.options.warehouse) throw new FloeError('BAD_INPUT', `${this.description} has no warehouse set: Floe does not know where to put new tables`);
    const location = `${this.options.warehouse.replace(/\/+$/, '')}/${ns}.db/${id.name}`;
    const metadataLocation = `${location}/metadata/${newMetadataFileName(0)}`;
    const text = newTableMetadata(location, definition);
    const taken = this.db.prepare('SELECT 1 FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?').get(this.name, ns, id.name);
    if (taken) throw new FloeError('CONFLICT', `Table ${tableName(id)} already exists`);
    await this.io.write(metadataLocation, new TextEncoder().encode(text));
    try {
      this.db.prepare('INSERT INTO iceberg_tables VALUES (?, ?, ?, ?, NULL)').run(this.name, ns, id.name, metadataLocation);
    } catch (e) {
      await this.io.delete(metadataLocation).catch(() => undefined);
      throw new FloeError('CONFLICT', `Table ${tableName(id)} could not be registered: ${(e as Error).message}`);
    }
    return { id, metadataLocation, metadata: parseTableMetadata(text, metadataLocation) };
  }

  /** Removes the table from the catalog; its files stay (as pyiceberg's drop_table does without purge). */
  async dropTable(id: TableId): Promise<void> {
    const { changes } = this.db
      .prepare('DELETE FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?')
      .run(this.name, id.namespace.join('.'), id.name);
    if (changes === 0) throw new FloeError('NOT_FOUND', `Table ${tableName(id)} is not in ${this.description}`);
  }

  async commitTable(id: TableId, base: string, next: string): Promise<void> {
    const { changes } = this.db
      .prepare(
        'UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ? WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND metadata_location = ?',
      )
      .run(next, base, this.name, id.namespace.join('.'), id.name, base);
    if (changes === 1) return;
    const row = this.db
      .prepare('SELECT metadata_location AS loc FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?')
      .get(this.name, id.namespace.join('.'), id.name) as { loc: string | null } | undefined;
    if (!row) throw new FloeError('NOT_FOUND', `Table ${tableName(id)} is no longer in ${this.description}`);
    throw new FloeError('CONFLICT', `Table ${tableName(id)} changed while Floe committed (it now points at ${row.loc}, not ${base})`);
  }

  close(): void {
    this.db.close();
  }
}
