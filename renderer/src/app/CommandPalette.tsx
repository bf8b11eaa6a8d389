import { useEffect, useMemo, useRef, useState } from 'react';
import { ROOMS, useNav } from '../stores/nav-store';
import { useTopics } from '../stores/topics-store';
import { useLake } from '../stores/lake-store';
import { usePipelines } from '../stores/pipelines-store';
import { tableName } from '../features/pipelines/job-format';
import { useTheme } from '../stores/theme-store';
import { useConnections } from '../stores/connections-store';
import { rank, type PaletteItem } from './palette-model';

const ROOM_NAMES: Record<(typeof ROOMS)[number], string> = { connections: 'Connections', topics: 'Topics', groups: 'Consumer groups', schemas: 'Schemas', tables: 'Tables', sql: 'SQL', pipelines: 'Pipelines (landing jobs)', dlq: 'Dead letters', connect: 'Kafka Connect' };

function useItems(): PaletteItem[] {
  const nav = useNav();
  const topics = useTopics((s) => s.list?.topics);
  const { catalogs, trees, openTable } = useLake();
  const toggleTheme = useTheme((s) => s.toggle);
  const select = useConnections((s) => s.select);
  const jobs = usePipelines((s) => s.jobs);
  return useMemo(() => {
    const items: PaletteItem[] = ROOMS.map((room, i) => ({ id: `room:${room}`, label: `Go to ${ROOM_NAMES[room]}`, hint: `Ctrl+${i + 1}`, run: () => nav.go(room) }));
    items.push({ id: 'new-connection', label: 'New connection', hint: 'connections', run: () => (nav.go('connections'), select('new')) });
    items.push({ id: 'theme', label: 'Toggle light/dark theme', hint: 'appearance', run: toggleTheme });
    for (const t of topics ?? []) items.push({ id: `topic:${t.name}`, label: t.name, hint: 'topic', run: () => nav.openTopic(t.name) });
    for (const j of jobs ?? []) items.push({ id: `job:${j.id}`, label: j.spec.name, hint: `landing job ${j.spec.topic} → ${tableName(j.spec)}`, run: () => nav.openPipeline(j.id) });
    for (const c of catalogs)
      for (const t of trees[c.id]?.tables ?? [])
        items.push({ id: `table:${c.id}:${t.namespace.join('.')}.${t.name}`, label: [...t.namespace, t.name].join('.'), hint: `table in ${c.label}`, run: () => (nav.go('tables'), void openTable(c.id, t)) });
    return items;
  }, [nav, topics, jobs, catalogs, trees, openTable, toggleTheme, select]);
}

/** Ctrl/Cmd+P: jump anywhere by typing — rooms, topics, tables, a few actions. */
export function CommandPalette(props: { onClose: () => void }) {
  const items = useItems();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const shown = useMemo(() => rank(items, query), [items, query]);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => setActive(0), [query]);

  const choose = (item: PaletteItem | undefined) => {
    if (!item) return;
    props.onClose();
    item.run();
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') props.onClose();
    else if (e.key === 'ArrowDown') setActive((a) => Math.min(shown.length - 1, a + 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
    else if (e.key === 'Enter') choose(shown[active]);
    else return;
    e.preventDefault();
  };

  return (
    <div className="dialog-backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div className="palette" role="dialog" aria-label="Command palette" data-testid="palette">
        <input ref={input} type="text" value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={onKey} placeholder="Go to a room, topic or table…" aria-label="Command" data-testid="palette-input" />
        <ul role="listbox">
          {shown.map((item, i) => (
            <li key={item.id} role="option" aria-selected={i === active} onMouseEnter={() => setActive(i)} onClick={() => choose(item)} data-testid="palette-item">
              <span className="mono">{item.label}</span> <span className="muted small">{item.hint}</span>
            </li>
          ))}
          {shown.length === 0 && <li className="muted">Nothing matches.</li>}
        </ul>
      </div>
    </div>
  );
}
