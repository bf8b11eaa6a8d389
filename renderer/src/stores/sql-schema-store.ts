import { create } from 'zustand';
import type { SnapshotView, TableId, TableView } from '../../../shared/model/lake';
import { coreClient } from './core-store';
import { useLake } from './lake-store';

export const tableKey = (t: TableId) => [...t.namespace, t.name].join('\u0000');

type Loaded<T> = { value: T } | { error: string } | { loading: true };

interface SqlSchemaState {
  /** Table schemas read for completion and the schema sidebar: catalog id → table key → schema. */
  views: Record<string, Record<string, Loaded<TableView>>>;
  loadView(catalogId: string, table: TableId): Promise<TableView | null>;
  /** A table's snapshots (for `table@id` completion), read once per catalog reload. */
  snapshotsOf(catalogId: string, table: TableId): Promise<SnapshotView[]>;
  /** Forgets what was read of a catalog (the sidebar's reload). */
  forget(catalogId: string): void;
}

const snapshotCache = new Map<string, Promise<SnapshotView[]>>();

/** What the SQL room knows of the catalogs' tables beyond their names: columns and snapshots, read on demand. */
export const useSqlSchema = create<SqlSchemaState>((set, get) => ({
  views: {},
  loadView: async (catalogId, table) => {
    const key = tableKey(table);
    const known = get().views[catalogId]?.[key];
    if (known && 'value' in known) return known.value;
    if (known && 'loading' in known) return null;
    const put = (v: Loaded<TableView>) => set((s) => ({ views: { ...s.views, [catalogId]: { ...s.views[catalogId], [key]: v } } }));
    put({ loading: true });
    try {
      const value = await coreClient().call('lake.table', { catalog: useLake.getState().specOf(catalogId), table });
      put({ value });
      return value;
    } catch (e) {
      put({ error: (e as Error).message });
      return null;
    }
  },
  snapshotsOf: (catalogId, table) => {
    const key = `${catalogId}\u0001${tableKey(table)}`;
    let cached = snapshotCache.get(key);
    if (!cached) {
      cached = coreClient().call('lake.snapshots', { catalog: useLake.getState().specOf(catalogId), table });
      cached.catch(() => snapshotCache.delete(key));
      snapshotCache.set(key, cached);
    }
    return cached;
  },
  forget: (catalogId) => {
    for (const key of snapshotCache.keys()) if (key.startsWith(`${catalogId}\u0001`)) snapshotCache.delete(key);
    set((s) => ({ views: { ...s.views, [catalogId]: {} } }));
  },
}));

/** The schemas of a catalog that have been read. */
export function loadedViews(views: Record<string, Loaded<TableView>> | undefined): TableView[] {
  return Object.values(views ?? {}).flatMap((v) => ('value' in v ? [v.value] : []));
}
