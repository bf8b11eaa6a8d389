import type { TopicSummary } from '../../../../shared/model/topic';

export type SortKey = 'name' | 'partitions' | 'replicationFactor' | 'messages' | 'sizeBytes';
export interface Sort {
  key: SortKey;
  descending: boolean;
}

/** Case-insensitive substring match on the name; then sorted (nulls last), name breaking ties. */
export function visibleTopics(topics: TopicSummary[], query: string, sort: Sort): TopicSummary[] {
  const q = query.trim().toLowerCase();
  const matched = q ? topics.filter((t) => t.name.toLowerCase().includes(q)) : topics.slice();
  const dir = sort.descending ? -1 : 1;
  return matched.sort((a, b) => {
    if (sort.key === 'name') return dir * a.name.localeCompare(b.name);
    const x = a[sort.key];
    const y = b[sort.key];
    if (x === null && y === null) return a.name.localeCompare(b.name);
    if (x === null) return 1;
    if (y === null) return -1;
    return x === y ? a.name.localeCompare(b.name) : dir * (x - y);
  });
}

/** Splits a name around the query for highlighting: [before, match, after] runs. */
export function highlight(name: string, query: string): { text: string; match: boolean }[] {
  const q = query.trim().toLowerCase();
  if (!q) return [{ text: name, match: false }];
  const i = name.toLowerCase().indexOf(q);
  if (i < 0) return [{ text: name, match: false }];
  return [
    { text: name.slice(0, i), match: false },
    { text: name.slice(i, i + q.length), match: true },
    { text: name.slice(i + q.length), match: false },
  ].filter((r) => r.text);
}
