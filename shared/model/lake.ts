/** Domain types of the lakehouse room: catalogs, Iceberg tables, snapshots, files and query results. */

/**
 * Where tables come from. `sqlite`: a pyiceberg/JDBC-compatible SQL catalog in a SQLite file;
 * `metadata`: one table opened straight from its metadata.json (or a table folder with version-hint.text).
 * (REST catalogs: RestCatalogSpec, in AnyCatalogSpec.)
 */
export type CatalogSpec =
  | { kind: 'sqlite'; path: string; warehouse?: string; name?: string; create?: boolean; objectStore?: ObjectStoreRef }
  | { kind: 'metadata'; location: string; objectStore?: ObjectStoreRef };

/**
 * The object store a catalog's `s3://` locations are read through: a connection profile's S3 settings and sealed
 * secrets, resolved in the core (the renderer names the profile, never the keys).
 */
export interface ObjectStoreRef {
  profileId: string;
}

/** Every catalog kind the core opens: the file-based ones and REST catalogs. */
export type AnyCatalogSpec = CatalogSpec | RestCatalogSpec;

/** An Iceberg REST catalog at `uri` (the API under {uri}/v1): a bearer `token`, or OAuth2 client `credential` (`id:secret`). */
export interface RestCatalogSpec {
  kind: 'rest';
  uri: string;
  warehouse?: string;
  token?: string;
  credential?: string;
  scope?: string;
  oauth2ServerUri?: string;
  objectStore?: ObjectStoreRef;
}

export interface TableId {
  namespace: string[];
  name: string;
}

/** Which snapshot to read: the current one when all fields are absent. */
export interface SnapshotSelector {
  snapshotId?: bigint;
  /** A branch or tag name. */
  ref?: string;
  /** Epoch milliseconds: the snapshot that was current at that time. */
  asOfMs?: number;
}

export interface SchemaField {
  id: number;
  name: string;
  type: string;
  required: boolean;
  doc?: string;
}

export interface PartitionFieldView {
  sourceId: number;
  fieldId: number;
  name: string;
  transform: string;
}

export interface SnapshotView {
  snapshotId: bigint;
  parentSnapshotId: bigint | null;
  sequenceNumber: bigint;
  timestampMs: number;
  operation: string | null;
  summary: Record<string, string>;
  schemaId: number | null;
  manifestList: string;
  /** Branches and tags pointing at this snapshot. */
  refs: string[];
}

export interface TableView {
  id: TableId;
  location: string;
  metadataLocation: string;
  formatVersion: number;
  tableUuid: string;
  currentSnapshotId: bigint | null;
  schema: SchemaField[];
  /** The current schema's identifier fields (its row key), by name; empty when it declares none. */
  identifierFields: string[];
  partitionSpec: PartitionFieldView[];
  properties: Record<string, string>;
  refs: { name: string; type: 'branch' | 'tag'; snapshotId: bigint }[];
  snapshotCount: number;
}

export type FileContent = 'data' | 'position-deletes' | 'equality-deletes';

export interface DataFileView {
  path: string;
  content: FileContent;
  format: string;
  recordCount: number;
  sizeBytes: number;
  specId: number;
  partition: Record<string, unknown>;
  sequenceNumber: bigint;
  equalityIds?: number[];
}

export interface ColumnView {
  name: string;
  type: string;
}

/** A query result: the rows as one Arrow IPC stream (bulk data crosses as Arrow, never as JSON). */
export interface QueryResult {
  columns: ColumnView[];
  arrow: Uint8Array;
  rowCount: number;
  /** True when the result was cut at the row limit; `note` then says so in words. */
  truncated: boolean;
  note?: string;
  elapsedMs: number;
  /** With a filter: the data files read after pruning, and the snapshot's data files in all. */
  filesScanned?: number;
  filesTotal?: number;
}

/** The files a (filtered) scan reads: data files that may hold matching rows, of how many the snapshot has. */
export interface ScanFiles {
  files: DataFileView[];
  filesScanned: number;
  filesTotal: number;
}

export type ExportFormat = 'parquet' | 'csv' | 'jsonl';

export interface ExportResult {
  path: string;
  format: ExportFormat;
  rowCount: number;
  sizeBytes: number;
  elapsedMs: number;
}

/** What changed between two snapshots of a table, compared over the columns both have (matched by field id). */
export interface SnapshotDiff {
  from: bigint;
  to: bigint;
  /** The compared columns, named as in the `to` snapshot's schema. */
  columns: string[];
  /** Columns only one snapshot has (added or dropped in between): not compared. */
  skipped: { name: string; side: 'from' | 'to' }[];
  /** Renamed columns (compared under their `to` name). */
  renamed: { from: string; to: string }[];
  keys: string[];
  counts: { added: number; removed: number; changed: number };
  /** `change` ('added' | 'removed' | 'changed'), the compared columns and, with keys, `before` (old values of a changed row). */
  rows: QueryResult;
}
