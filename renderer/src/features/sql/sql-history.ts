const KEY = 'floe.sqlHistory';
const MAX = 50;

export interface HistoryEntry {
  sql: string;
  at: number;
  rows: number | null;
  ms: number | null;
  error?: string;
}

export function readHistory(): HistoryEntry[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]') as HistoryEntry[];
    return Array.isArray(list) ? list.filter((e) => typeof e?.sql === 'string') : [];
  } catch {
    return [];
  }
}

/** Newest first; the same text run again moves to the top instead of repeating. */
export function remember(entry: HistoryEntry, history: HistoryEntry[] = readHistory()): HistoryEntry[] {
  const next = [entry, ...history.filter((e) => e.sql !== entry.sql)].slice(0, MAX);
  localStorage.setItem(KEY, JSON.stringify(next));
  return next;
}
