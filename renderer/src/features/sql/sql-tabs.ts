import type { Rows } from '../../components/arrow-rows';

export const MAX_TABS = 20;

/** One editor tab: its text (kept across reloads) and its last result (kept while Floe runs). */
export interface SqlTab {
  id: string;
  title: string;
  text: string;
  result: SqlResult | null;
  error: string | null;
  busy: boolean;
}

export interface SqlResult {
  sql: string;
  rows: Rows;
  note?: string;
  ms: number;
  truncated: boolean;
}

export interface SavedTabs {
  tabs: { id: string; title: string; text: string }[];
  active: string;
  catalogId: string | null;
}

export const newTab = (n: number, text = ''): SqlTab => ({ id: `q${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`, title: `Query ${n}`, text, result: null, error: null, busy: false });

/** The saved tabs, or one tab with a first query; anything unreadable in storage is dropped, never thrown. */
export function readSaved(raw: string | null): SavedTabs {
  try {
    const saved = JSON.parse(raw ?? 'null') as Partial<SavedTabs> | null;
    const tabs = (Array.isArray(saved?.tabs) ? saved.tabs : []).filter((t) => typeof t?.id === 'string' && typeof t.text === 'string').slice(0, MAX_TABS);
    if (tabs.length > 0) {
      const titled = tabs.map((t, i) => ({ id: t.id, text: t.text, title: typeof t.title === 'string' && t.title ? t.title : `Query ${i + 1}` }));
      const active = titled.some((t) => t.id === saved?.active) ? saved!.active! : titled[0]!.id;
      return { tabs: titled, active, catalogId: typeof saved?.catalogId === 'string' ? saved.catalogId : null };
    }
  } catch {
    // unreadable: start fresh
  }
  const first = newTab(1, 'SELECT 42 AS answer');
  return { tabs: [first], active: first.id, catalogId: null };
}

/** The time limit box read as seconds: undefined when empty, null when not a number of seconds in (0, 86400]. */
export function timeLimitSeconds(text: string): number | undefined | null {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return n > 0 && n <= 86_400 ? n : null;
}

