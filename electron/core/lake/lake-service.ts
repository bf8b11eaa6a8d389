import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AnyCatalogSpec, DataFileView, ExportFormat, ExportResult, QueryResult, ScanFiles, SnapshotDiff, SnapshotSelector, SnapshotView, TableId, TableView } from '../../../shared/model/lake';
import { checkKeys, diffColumns } from './diff/diff-columns';
import { diffCountsSql, diffSql, orderedDiffSql } from './diff/diff-sql';
import { rowsOf } from '../engine/arrow-rows';
import { SqlEngine } from '../engine/sql-engine';
import { sqlLimitsOf } from '../engine/sql-limits';
import { withTimeLimit } from '../engine/time-limit';
import { snapshotSelectSql } from '../engine/view-sql';
import type { Catalog, LoadedTable } from './catalog/catalog';
import { definitionOf, type SchemaFieldInput } from './catalog/new-table-metadata';
import { openCatalog } from './catalog/open-catalog';
import type { ObjectStoreResolver } from './io/store-connections';
import { StoreContexts, type StoreContext } from './io/store-contexts';
import { localTableFiles } from './io/table-files';
import { compileFilter, type CompiledFilter } from './expr/filter';
import { exportQuery } from './export/export-query';
import type { ScanPlan } from './scan/planner';
import { dataFileFields } from './scan/data-file-fields';
import { selectSnapshot } from './spec/snapshot-select';
import { findTableRefs, viewName } from './sql-refs';
import { toFileView, toSnapshotViews, toTableView } from './table-views';
import { quoteIdent } from './spec/types';

export const DEFAULT_ROW_LIMIT = 10_000;

export interface DiffRequest {
  from: bigint;
  to: bigint;
  /** Columns that identify a row: a key on both sides with other values is one changed row. */
  keys: string[];
  limit: number;
}

/** Catalogs, the Iceberg reader and the SQL engine together: what the lake procedures and CLI commands call. */
export class LakeService {
  readonly stores: StoreContexts;
  private readonly engine: SqlEngine;
  private readonly catalogs = new Map<string, Promise<Catalog>>();
  /** View already registered per (metadata file, snapshot): planning is skipped when nothing changed. */
  private readonly registered = new Map<string, string>();
  /** Where `export` may write: Floe's exports folder. */
  readonly exportsDir: string;
  private readonly lakeDir: string;

  /** `resolveStore` turns a catalog's `objectStore: { profileId }` into S3 settings with secrets (the core's ProfileService). */
  constructor(dataDir: string, resolveStore?: ObjectStoreResolver) {
    this.lakeDir = join(dataDir, 'lake');
    this.exportsDir = join(dataDir, 'exports');
    this.stores = new StoreContexts(join(this.lakeDir, 'cache'), resolveStore);
    this.engine = new SqlEngine(this.lakeDir, sqlLimitsOf(dataDir));
  }

  private context(spec: AnyCatalogSpec | undefined): StoreContext {
    return this.stores.get(spec?.objectStore);
  }

  catalog(spec: AnyCatalogSpec): Promise<Catalog> {
    const ctx = this.context(spec);
    const key = `${ctx.key}\u0000${JSON.stringify(spec)}`;
    let c = this.catalogs.get(key);
    if (!c) {
      c = openCatalog(ctx.io, spec);
      c.catch(() => this.catalogs.delete(key));
      this.catalogs.set(key, c);
    }
    return c;
  }

  async tables(spec: AnyCatalogSpec, namespace?: string[]): Promise<{ namespaces: string[][]; tables: TableId[] }> {
    const c = await this.catalog(spec);
    return { namespaces: await c.listNamespaces(), tables: await c.listTables(namespace) };
  }

  async load(spec: AnyCatalogSpec, id: TableId): Promise<LoadedTable> {
    return (await this.catalog(spec)).loadTable(id);
  }

  async table(spec: AnyCatalogSpec, id: TableId): Promise<TableView> {
    const t = await this.load(spec, id);
    return toTableView(t, t.id);
  }

  async snapshots(spec: AnyCatalogSpec, id: TableId): Promise<SnapshotView[]> {
    return toSnapshotViews(await this.load(spec, id));
  }

  async files(spec: AnyCatalogSpec, id: TableId, selector: SnapshotSelector, signal?: AbortSignal): Promise<DataFileView[]> {
    const t = await this.load(spec, id);
    const { snapshot } = selectSnapshot(t.metadata, selector);
    if (!snapshot) return [];
    return (await this.context(spec).planner.liveEntries(snapshot, signal)).map(toFileView);
  }

  /** The filter text bound to the schema the selector reads. */
  private filterFor(t: LoadedTable, selector: SnapshotSelector, text: string | undefined): CompiledFilter | undefined {
    if (!text) return undefined;
    return compileFilter(text, selectSnapshot(t.metadata, selector).schema);
  }

  /** The data files a (filtered) scan reads, with the delete files that apply to them. */
  async plan(spec: AnyCatalogSpec, id: TableId, selector: SnapshotSelector, filter: string | undefined, signal?: AbortSignal): Promise<ScanFiles> {
    const t = await this.load(spec, id);
    const plan = await this.context(spec).planner.plan(t.metadata, selector, signal, this.filterFor(t, selector, filter)?.bound);
    const deletes = new Map(plan.tasks.flatMap((x) => [...x.positionDeletes, ...x.equalityDeletes]).map((d) => [d.file.path, d]));
    const files = [...plan.tasks, ...deletes.values()].map((f) => toFileView({ status: 'existing', snapshotId: null, sequenceNumber: f.sequenceNumber, file: f.file }));
    return { files, filesScanned: plan.filesScanned, filesTotal: plan.filesTotal };
  }

  /**
   * Registers the view of a table at a snapshot; returns its qualified SQL name. With a filter the view holds only the
   * files that may match, under a name of its own for one query (dropped by the caller), never the table's shared view.
   */
  async view(
    t: LoadedTable,
    selector: SnapshotSelector,
    named?: bigint,
    signal?: AbortSignal,
    ctx: StoreContext = this.stores.local,
    filter?: CompiledFilter,
  ): Promise<{ qualified: string; schema: string; name: string; plan: ScanPlan }> {
    const plan = await ctx.planner.plan(t.metadata, selector, signal, filter?.bound);
    const base = viewName(t.id, named);
    const { schema, name } = filter ? { schema: base.schema, name: `${base.name}?${filter.key}-${randomUUID().slice(0, 8)}` } : base;
    const qualified = `${quoteIdent(schema)}.${quoteIdent(name)}`;
    const key = `${qualified}\u0000${ctx.key}\u0000${t.metadataLocation}\u0000${plan.snapshot?.snapshotId ?? 'empty'}\u0000${plan.schema.schemaId}`;
    if (this.registered.get(qualified) === key && this.engine.hasView(schema, name)) return { qualified, schema, name, plan };

    const local = await localTableFiles(t, plan, ctx.io);
    const fields = await dataFileFields(plan, (p) => local.get(p) ?? p);
    const sql = snapshotSelectSql(plan, (p) => local.get(p) ?? p, fields && ((p) => fields.get(p)));
    await this.engine.registerView(schema, name, sql, [...local.values()]);
    if (!filter) this.registered.set(qualified, key);
    return { qualified, schema, name, plan };
  }

  /** Rows of a table at a snapshot; with a filter, only files that may match are read and DuckDB applies the filter exactly. */
  async preview(spec: AnyCatalogSpec, id: TableId, selector: SnapshotSelector, limit: number, signal?: AbortSignal, filterText?: string): Promise<QueryResult> {
    const t = await this.load(spec, id);
    const { snapshot } = selectSnapshot(t.metadata, selector);
    const filter = this.filterFor(t, selector, filterText);
    const v = await this.view(t, selector, snapshot?.snapshotId, signal, this.context(spec), filter);
    try {
      const where = filter ? ` WHERE ${filter.sql}` : '';
      const result = await this.engine.query(`SELECT * FROM ${v.qualified}${where} LIMIT ${limit}`, { limit, signal });
      return { ...result, filesScanned: v.plan.filesScanned, filesTotal: v.plan.filesTotal };
    } finally {
      if (filter) await this.engine.dropView(v.schema, v.name);
    }
  }

  /**
   * Writes the result of read-only SQL to `path` (inside Floe's exports folder) as Parquet, CSV or JSON Lines. The SQL runs in
   * the sandboxed engine; a separate DuckDB instance, allowed only the destination folder, writes the file.
   */
  async export(spec: AnyCatalogSpec | undefined, sql: string, format: ExportFormat, path: string, signal?: AbortSignal, timeoutSeconds?: number): Promise<ExportResult> {
    return withTimeLimit(timeoutSeconds, signal, async (s) => {
      await this.registerRefs(spec, sql, s);
      return exportQuery(this.engine, { sql, format, path, allowedRoot: this.exportsDir, tmpDir: join(this.lakeDir, 'export-tmp'), signal: s });
    });
  }

  private async registerRefs(spec: AnyCatalogSpec | undefined, sql: string, signal?: AbortSignal): Promise<void> {
    if (!spec) return;
    const known = await (await this.catalog(spec)).listTables();
    for (const ref of findTableRefs(sql, known)) {
      const t = await this.load(spec, ref.id);
      await this.view(t, ref.snapshotId === undefined ? {} : { snapshotId: ref.snapshotId }, ref.snapshotId, signal, this.context(spec));
    }
  }

  /** Ad-hoc SQL over the catalog's tables: each named table (at its current or named snapshot) becomes a view first. */
  async sql(spec: AnyCatalogSpec | undefined, sql: string, limit: number, signal?: AbortSignal, timeoutSeconds?: number): Promise<QueryResult> {
    return withTimeLimit(timeoutSeconds, signal, async (s) => {
      await this.registerRefs(spec, sql, s);
      return this.engine.query(sql, { limit, signal: s });
    });
  }

  /** Rows added, removed (and, with key columns, changed) between two snapshots, each read with its own schema. */
  async diff(spec: AnyCatalogSpec, id: TableId, request: DiffRequest, signal?: AbortSignal): Promise<SnapshotDiff> {
    const t = await this.load(spec, id);
    const from = selectSnapshot(t.metadata, { snapshotId: request.from });
    const to = selectSnapshot(t.metadata, { snapshotId: request.to });
    const columns = diffColumns(from.schema, to.schema);
    checkKeys(request.keys, columns);
    const ctx = this.context(spec);
    const fromView = (await this.view(t, { snapshotId: request.from }, request.from, signal, ctx)).qualified;
    const toView = (await this.view(t, { snapshotId: request.to }, request.to, signal, ctx)).qualified;
    const diff = diffSql(fromView, toView, columns.compared, request.keys);
    const counts = { added: 0, removed: 0, changed: 0 };
    for (const row of rowsOf(await this.engine.query(diffCountsSql(diff), { limit: 10, signal }))) counts[row.change as keyof typeof counts] = Number(row.n);
    const rows = await this.engine.query(orderedDiffSql(diff, columns.compared, request.keys), { limit: request.limit, signal });
    return {
      from: request.from,
      to: request.to,
      columns: columns.compared.map((c) => c.name),
      skipped: columns.skipped,
      renamed: columns.compared.filter((c) => c.fromName !== c.name).map((c) => ({ from: c.fromName, to: c.name })),
      keys: request.keys,
      counts,
      rows,
    };
  }

  async createNamespace(spec: AnyCatalogSpec, namespace: string[]): Promise<void> {
    await (await this.catalog(spec)).createNamespace(namespace);
  }
  async dropNamespace(spec: AnyCatalogSpec, namespace: string[]): Promise<void> {
    await (await this.catalog(spec)).dropNamespace(namespace);
  }
  async createTable(spec: AnyCatalogSpec, id: TableId, fields: SchemaFieldInput[]): Promise<TableView> {
    const t = await (await this.catalog(spec)).createTable(id, definitionOf(fields));
    return toTableView(t, id);
  }
  async dropTable(spec: AnyCatalogSpec, id: TableId): Promise<void> {
    await (await this.catalog(spec)).dropTable(id);
  }

  async close(): Promise<void> {
    for (const c of this.catalogs.values()) await c.then((x) => x.close()).catch(() => undefined);
    this.catalogs.clear();
    this.engine.close();
    this.stores.close();
  }
}
