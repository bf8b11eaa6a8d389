import { create } from 'zustand';
import { coreClient } from './core-store';
import { useLake, type SavedCatalog } from './lake-store';
import { rowsOf } from '../components/arrow-rows';
import { readHistory, remember, type HistoryEntry } from '../features/sql/sql-history';
import { MAX_TABS, newTab, readSaved, timeLimitSeconds, type SavedTabs, type SqlTab } from '../features/sql/sql-tabs';

export { timeLimitSeconds, type SqlResult, type SqlTab } from '../features/sql/sql-tabs';

const KEY = 'floe.sqlTabs';

interface SqlState {
  tabs: SqlTab[];
  active: string;
  /** The catalog queries run over: '' for plain DuckDB, null until chosen (the first catalog then). */
  catalogId: string | null;
  limit: number;
  /** Seconds a query may run (planning and fetching included); empty: no limit. */
  timeLimit: string;
  history: HistoryEntry[];
  setText(tabId: string, text: string): void;
  addTab(text?: string): void;
  closeTab(tabId: string): void;
  select(tabId: string): void;
  setCatalog(catalogId: string): void;
  setLimit(limit: number): void;
  setTimeLimit(text: string): void;
  run(tabId: string, sql: string): Promise<void>;
  cancel(tabId: string): void;
}

const running = new Map<string, AbortController>();

/**
 * The SQL room's state outside the page, so leaving the room keeps every tab's text and result (and a
 * running query still lands); tab texts, the active tab and the catalog are saved for the next start.
 */
export const useSql = create<SqlState>((set, get) => {
  const saved = readSaved(localStorage.getItem(KEY));
  const persist = () => {
    const { tabs, active, catalogId } = get();
    localStorage.setItem(KEY, JSON.stringify({ tabs: tabs.map(({ id, title, text }) => ({ id, title, text })), active, catalogId } satisfies SavedTabs));
  };
  const patch = (tabId: string, change: Partial<SqlTab>) => set((s) => ({ tabs: s.tabs.map((t) => (t.id === tabId ? { ...t, ...change } : t)) }));
  return {
    tabs: saved.tabs.map((t) => ({ ...t, result: null, error: null, busy: false })),
    active: saved.active,
    catalogId: saved.catalogId,
    limit: 10_000,
    timeLimit: '',
    history: readHistory(),

    setText: (tabId, text) => {
      patch(tabId, { text });
      persist();
    },
    addTab: (text = '') => {
      if (get().tabs.length >= MAX_TABS) return;
      const used = new Set(get().tabs.map((t) => t.title));
      let n = 1;
      while (used.has(`Query ${n}`)) n++;
      const tab = newTab(n, text);
      set((s) => ({ tabs: [...s.tabs, tab], active: tab.id }));
      persist();
    },
    closeTab: (tabId) => {
      running.get(tabId)?.abort();
      const { tabs, active } = get();
      const i = tabs.findIndex((t) => t.id === tabId);
      const rest = tabs.filter((t) => t.id !== tabId);
      if (rest.length === 0) rest.push(newTab(1));
      set({ tabs: rest, active: active === tabId ? rest[Math.min(Math.max(0, i), rest.length - 1)]!.id : active });
      persist();
    },
    select: (tabId) => {
      set({ active: tabId });
      persist();
    },
    setCatalog: (catalogId) => {
      set({ catalogId });
      persist();
    },
    setLimit: (limit) => set({ limit }),
    setTimeLimit: (timeLimit) => set({ timeLimit }),

    run: async (tabId, sql) => {
      if (!sql.trim()) return;
      const { limit, timeLimit } = get();
      const timeoutSeconds = timeLimitSeconds(timeLimit);
      if (timeoutSeconds === null) return patch(tabId, { error: `The time limit takes seconds (more than 0, at most 86400), not "${timeLimit}"` });
      running.get(tabId)?.abort();
      const abort = new AbortController();
      running.set(tabId, abort);
      patch(tabId, { busy: true, error: null });
      const catalog = queryCatalog(useLake.getState().catalogs, get().catalogId);
      try {
        const r = await coreClient().call('lake.sql', { ...(catalog ? { catalog: catalog.spec } : {}), sql, limit, ...(timeoutSeconds ? { timeoutSeconds } : {}) }, { signal: abort.signal });
        patch(tabId, { result: { sql, rows: rowsOf(r), ms: r.elapsedMs, truncated: r.truncated, ...(r.note ? { note: r.note } : {}) } });
        set({ history: remember({ sql, at: Date.now(), rows: r.rowCount, ms: r.elapsedMs }) });
      } catch (e) {
        if (!abort.signal.aborted) patch(tabId, { error: (e as Error).message, result: null });
        set({ history: remember({ sql, at: Date.now(), rows: null, ms: null, error: (e as Error).message }) });
      } finally {
        if (running.get(tabId) === abort) {
          running.delete(tabId);
          patch(tabId, { busy: false });
        }
      }
    },
    cancel: (tabId) => {
      running.get(tabId)?.abort();
      running.delete(tabId);
      patch(tabId, { busy: false, error: 'Query cancelled' });
    },
  };
});

/** The catalog a query runs over: the chosen one (if it still exists), else the first one until a choice is made. */
export function queryCatalog(catalogs: SavedCatalog[], catalogId: string | null): SavedCatalog | undefined {
  return catalogId === null ? catalogs[0] : catalogs.find((c) => c.id === catalogId);
}
