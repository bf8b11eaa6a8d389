import { create } from 'zustand';
import type { CatalogSpec, DataFileView, QueryResult, SnapshotView, TableId, TableView } from '../../../shared/model/lake';
import { coreClient } from './core-store';

const CATALOGS_KEY = 'floe.catalogs';
/** A catalog's table list being read, by catalog id. */
const treeLoads = new Map<string, Promise<void>>();

export interface SavedCatalog {
  id: string;
  label: string;
  spec: CatalogSpec;
}

export interface CatalogTree {
  namespaces: string[][];
  tables: TableId[];
  loading: boolean;
  error: string | null;
}

export interface OpenTable {
  catalogId: string;
  id: TableId;
  view: TableView | null;
  snapshots: SnapshotView[];
  error: string | null;
}

interface LakeState {
  catalogs: SavedCatalog[];
  trees: Record<string, CatalogTree>;
  open: OpenTable | null;
  addCatalog(label: string, spec: CatalogSpec): SavedCatalog;
  removeCatalog(id: string): void;
  loadTree(catalogId: string): Promise<void>;
  openTable(catalogId: string, id: TableId): Promise<void>;
  /** Reads the open table's metadata and snapshots again (after maintenance changed them), keeping what is shown until they arrive. */
  refreshTable(): Promise<void>;
  /** Opens a table of a catalog given by its spec (another room links to it), adding the catalog when it is not in the list. */
  showTable(label: string, spec: CatalogSpec, id: TableId): Promise<void>;
  specOf(catalogId: string): CatalogSpec;
  files(snapshotId: bigint | null): Promise<DataFileView[]>;
  preview(snapshotId: bigint | null, limit: number, filter?: string, signal?: AbortSignal): Promise<QueryResult>;
}

function loadSaved(): SavedCatalog[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(CATALOGS_KEY) ?? '[]') as SavedCatalog[];
    return Array.isArray(parsed) ? parsed.filter((c) => c && typeof c.id === 'string' && c.spec) : [];
  } catch {
    return [];
  }
}

/** A catalog's tables grouped by namespace (dotted), namespaces sorted; empty namespaces too. */
export function tablesByNamespace(tree: Pick<CatalogTree, 'namespaces' | 'tables'>): Map<string, TableId[]> {
  const byNamespace = new Map<string, TableId[]>();
  for (const t of tree.tables) {
    const key = t.namespace.join('.');
    byNamespace.set(key, [...(byNamespace.get(key) ?? []), t]);
  }
  for (const ns of tree.namespaces) if (!byNamespace.has(ns.join('.'))) byNamespace.set(ns.join('.'), []);
  return new Map([...byNamespace.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A catalog spec as text that ignores key order and the create-when-missing flag: two specs of one catalog match. */
function sameCatalogKey(spec: CatalogSpec): string {
  const entries = Object.entries(spec).filter(([k, v]) => k !== 'create' && v !== undefined);
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

const save = (catalogs: SavedCatalog[]) => localStorage.setItem(CATALOGS_KEY, JSON.stringify(catalogs));
const at = (snapshotId: bigint | null) => (snapshotId === null ? {} : { snapshotId });

/** Catalogs the user added (kept in this browser profile), their trees, and the open table. */
export const useLake = create<LakeState>((set, get) => ({
  catalogs: loadSaved(),
  trees: {},
  open: null,

  addCatalog: (label, spec) => {
    const catalog = { id: `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`, label, spec };
    const catalogs = [...get().catalogs, catalog];
    save(catalogs);
    set({ catalogs });
    return catalog;
  },
  removeCatalog: (id) => {
    const catalogs = get().catalogs.filter((c) => c.id !== id);
    save(catalogs);
    set((s) => ({ catalogs, open: s.open?.catalogId === id ? null : s.open }));
  },
  specOf: (catalogId) => {
    const c = get().catalogs.find((x) => x.id === catalogId);
    if (!c) throw new Error('That catalog was removed');
    return c.spec;
  },

  loadTree: (catalogId) => {
    // Whoever asks while a load is out (the sidebar, the SQL room, a completion) shares it.
    const pending = treeLoads.get(catalogId);
    if (pending) return pending;
    const setTree = (tree: Partial<CatalogTree>) =>
      set((s) => ({ trees: { ...s.trees, [catalogId]: { namespaces: [], tables: [], loading: false, error: null, ...s.trees[catalogId], ...tree } } }));
    const load = (async () => {
      setTree({ loading: true, error: null });
      try {
        const { namespaces, tables } = await coreClient().call('lake.tables', { catalog: get().specOf(catalogId) });
        setTree({ namespaces, tables, loading: false });
      } catch (e) {
        setTree({ loading: false, error: (e as Error).message });
      }
    })().finally(() => treeLoads.delete(catalogId));
    treeLoads.set(catalogId, load);
    return load;
  },

  openTable: async (catalogId, id) => {
    set({ open: { catalogId, id, view: null, snapshots: [], error: null } });
    try {
      const catalog = get().specOf(catalogId);
      const [view, snapshots] = await Promise.all([coreClient().call('lake.table', { catalog, table: id }), coreClient().call('lake.snapshots', { catalog, table: id })]);
      set((s) => (s.open?.id === id ? { open: { ...s.open, view, snapshots } } : s));
    } catch (e) {
      set((s) => (s.open?.id === id ? { open: { ...s.open, error: (e as Error).message } } : s));
    }
  },

  refreshTable: async () => {
    const open = get().open;
    if (!open) return;
    const catalog = get().specOf(open.catalogId);
    const [view, snapshots] = await Promise.all([coreClient().call('lake.table', { catalog, table: open.id }), coreClient().call('lake.snapshots', { catalog, table: open.id })]);
    set((s) => (s.open?.catalogId === open.catalogId && s.open.id === open.id ? { open: { ...s.open, view, snapshots, error: null } } : s));
  },

  showTable: async (label, spec, id) => {
    const key = sameCatalogKey(spec);
    const known = get().catalogs.find((c) => sameCatalogKey(c.spec) === key);
    const { create: _create, ...kept } = spec as CatalogSpec & { create?: boolean };
    const catalog = known ?? get().addCatalog(label, kept as CatalogSpec);
    void get().loadTree(catalog.id);
    await get().openTable(catalog.id, id);
  },

  files: async (snapshotId) => {
    const open = get().open;
    if (!open) return [];
    return coreClient().call('lake.files', { catalog: get().specOf(open.catalogId), table: open.id, at: at(snapshotId) });
  },
  preview: async (snapshotId, limit, filter, signal) => {
    const open = get().open;
    if (!open) throw new Error('No table open');
    return coreClient().call('lake.preview', { catalog: get().specOf(open.catalogId), table: open.id, at: at(snapshotId), limit, ...(filter ? { filter } : {}) }, { signal });
  },
}));
