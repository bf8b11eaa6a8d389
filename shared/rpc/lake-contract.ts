import { z } from 'zod';
import type { DataFileView, ExportResult, QueryResult, ScanFiles, SnapshotDiff, SnapshotView, TableId, TableView } from '../model/lake';
import { call } from './procedure';

const SnapshotId = z.union([z.bigint(), z.string().regex(/^-?\d+$/, 'a snapshot id is digits').transform((s) => BigInt(s))]);

/** A connection profile whose object store (S3 endpoint and sealed keys) reads the catalog's s3:// files. */
const ObjectStoreInput = z.object({ profileId: z.string().min(1) }).optional();

export const CatalogInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sqlite'),
    path: z.string().min(1),
    warehouse: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    create: z.boolean().optional(),
    objectStore: ObjectStoreInput,
  }),
  z.object({ kind: z.literal('metadata'), location: z.string().min(1), objectStore: ObjectStoreInput }),
  z.object({
    kind: z.literal('rest'),
    uri: z.string().regex(/^https?:\/\/[^/]/, 'a REST catalog URI is http(s)://host…'),
    warehouse: z.string().min(1).optional(),
    token: z.string().min(1).optional(),
    credential: z.string().min(1).optional(),
    scope: z.string().min(1).optional(),
    oauth2ServerUri: z.string().url().optional(),
    objectStore: ObjectStoreInput,
  }),
]);

export const TableInput = z.object({ namespace: z.array(z.string().min(1)), name: z.string().min(1) });

const Selector = z.object({
  snapshotId: SnapshotId.optional(),
  ref: z.string().min(1).optional(),
  asOfMs: z.number().int().optional(),
});

const Limit = z.number().int().min(1).max(1_000_000);

/** Stops a query (with its planning and fetching) after this many seconds; none by default. */
const TimeoutSeconds = z.number().positive().max(86_400).optional();

/** A row filter such as `category = 'a' AND ts >= '2024-01-02'`: prunes files, then DuckDB applies it exactly. */
const Filter = z.string().trim().min(1).max(10_000).optional();

const FieldInput = z.object({ name: z.string().min(1), type: z.string().min(1), required: z.boolean().optional() });

/** The lakehouse procedures: catalogs, tables, snapshots, files, previews and SQL. Spread into the contract. */
export const lakeContract = {
  'lake.tables': call(z.object({ catalog: CatalogInput, namespace: z.array(z.string().min(1)).optional() })).returns<{ namespaces: string[][]; tables: TableId[] }>(),
  'lake.table': call(z.object({ catalog: CatalogInput, table: TableInput })).returns<TableView>(),
  'lake.snapshots': call(z.object({ catalog: CatalogInput, table: TableInput })).returns<SnapshotView[]>(),
  'lake.files': call(z.object({ catalog: CatalogInput, table: TableInput, at: Selector.default({}) })).returns<DataFileView[]>(),
  'lake.plan': call(z.object({ catalog: CatalogInput, table: TableInput, at: Selector.default({}), filter: Filter })).returns<ScanFiles>(),
  'lake.preview': call(z.object({ catalog: CatalogInput, table: TableInput, at: Selector.default({}), limit: Limit.default(100), filter: Filter })).returns<QueryResult>(),
  'lake.sql': call(z.object({ catalog: CatalogInput.optional(), sql: z.string().min(1), limit: Limit.default(10_000), timeoutSeconds: TimeoutSeconds })).returns<QueryResult>(),
  'lake.export': call(
    z.object({
      catalog: CatalogInput.optional(),
      sql: z.string().min(1),
      format: z.enum(['parquet', 'csv', 'jsonl']),
      path: z.string().min(1),
      timeoutSeconds: TimeoutSeconds,
    }),
  ).returns<ExportResult>(),
  'lake.diff': call(
    z.object({ catalog: CatalogInput, table: TableInput, from: SnapshotId, to: SnapshotId, keys: z.array(z.string().min(1)).default([]), limit: Limit.default(10_000) }),
  ).returns<SnapshotDiff>(),
  'lake.createNamespace': call(z.object({ catalog: CatalogInput, namespace: z.array(z.string().min(1)).min(1) })).returns<{ created: true }>(),
  'lake.dropNamespace': call(z.object({ catalog: CatalogInput, namespace: z.array(z.string().min(1)).min(1) })).returns<{ dropped: true }>(),
  'lake.createTable': call(z.object({ catalog: CatalogInput, table: TableInput, fields: z.array(FieldInput).min(1) })).returns<TableView>(),
  'lake.dropTable': call(z.object({ catalog: CatalogInput, table: TableInput })).returns<{ dropped: true }>(),
};
