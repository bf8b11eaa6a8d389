import type { lakeContract } from '../../../shared/rpc/lake-contract';
import type { Handlers } from '../../../shared/rpc/procedure';
import type { ObjectStoreResolver } from './io/store-connections';
import { LakeService } from './lake-service';

export interface LakeRoom {
  handlers: Handlers<typeof lakeContract>;
  /** The room's service, started on first use. */
  service: () => LakeService;
  /** Closes the service (catalog files, DuckDB, object store clients) if it was started. */
  close(): Promise<void>;
}

/**
 * The lake procedures bound to one LakeService per host. The service (and its DuckDB) starts on the first
 * lake call, so processes that never touch the lake never load DuckDB.
 */
export function lakeHandlers(dataDir: string, resolveStore?: ObjectStoreResolver): LakeRoom {
  let service: LakeService | null = null;
  const lake = () => (service ??= new LakeService(dataDir, resolveStore));
  const close = async () => {
    const s = service;
    service = null;
    await s?.close();
  };
  const handlers: Handlers<typeof lakeContract> = {
    'lake.tables': async ({ catalog, namespace }) => lake().tables(catalog, namespace),
    'lake.table': async ({ catalog, table }) => lake().table(catalog, table),
    'lake.snapshots': async ({ catalog, table }) => lake().snapshots(catalog, table),
    'lake.files': async ({ catalog, table, at }, { signal }) => lake().files(catalog, table, at, signal),
    'lake.plan': async ({ catalog, table, at, filter }, { signal }) => lake().plan(catalog, table, at, filter, signal),
    'lake.preview': async ({ catalog, table, at, limit, filter }, { signal }) => lake().preview(catalog, table, at, limit, signal, filter),
    'lake.export': async ({ catalog, sql, format, path, timeoutSeconds }, { signal }) => lake().export(catalog, sql, format, path, signal, timeoutSeconds),
    'lake.sql': async ({ catalog, sql, limit, timeoutSeconds }, { signal }) => lake().sql(catalog, sql, limit, signal, timeoutSeconds),
    'lake.diff': async ({ catalog, table, from, to, keys, limit }, { signal }) => lake().diff(catalog, table, { from, to, keys, limit }, signal),
    'lake.createNamespace': async ({ catalog, namespace }) => (await lake().createNamespace(catalog, namespace), { created: true as const }),
    'lake.dropNamespace': async ({ catalog, namespace }) => (await lake().dropNamespace(catalog, namespace), { dropped: true as const }),
    'lake.createTable': async ({ catalog, table, fields }) => lake().createTable(catalog, table, fields),
    'lake.dropTable': async ({ catalog, table }) => (await lake().dropTable(catalog, table), { dropped: true as const }),
  };
  return { handlers, close, service: lake };
}
