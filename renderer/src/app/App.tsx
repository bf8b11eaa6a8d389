import { useCallback, useEffect, useState } from 'react';
import { useCore } from '../stores/core-store';
import { useNav, type Room } from '../stores/nav-store';
import { useTheme } from '../stores/theme-store';
import { useConnections } from '../stores/connections-store';
import { ConnectionsPage } from '../features/connections/ConnectionsPage';
import { TopicsPage } from '../features/topics/TopicsPage';
import { GroupsPage } from '../features/groups/GroupsPage';
import { SchemasPage } from '../features/schemas/SchemasPage';
import { TablesPage } from '../features/tables/TablesPage';
import { SqlPage } from '../features/sql/SqlPage';
import { PipelinesPage } from '../features/pipelines/PipelinesPage';
import { DlqPage } from '../features/dlq/DlqPage';
import { ConnectPage } from '../features/connect/ConnectPage';
import { ProfilePicker } from './ProfilePicker';
import { useShortcuts } from './shortcuts';
import { CommandPalette } from './CommandPalette';
import { TimeZoneSwitch } from './TimeZoneSwitch';

const ROOM_LABELS: Record<Room, string> = { connections: 'Connections', topics: 'Topics', groups: 'Groups', schemas: 'Schemas', tables: 'Tables', sql: 'SQL', pipelines: 'Pipelines', dlq: 'Dead letters', connect: 'Connect' };

export function App() {
  const { client, error, closed } = useCore();
  const room = useNav((s) => s.room);
  const go = useNav((s) => s.go);
  const { theme, toggle } = useTheme();
  const [palette, setPalette] = useState(false);
  useShortcuts(useCallback(() => setPalette(true), []));

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    if (client) void useConnections.getState().load();
  }, [client]);

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          fl<span>oe</span>
        </div>
        <ProfilePicker />
        <div className="spacer" />
        <button className="btn small" onClick={() => setPalette(true)} title="Go to anything (Ctrl+P)" data-testid="open-palette">
          Go to… <kbd>Ctrl P</kbd>
        </button>
        <TimeZoneSwitch />
        <button className="btn small" onClick={toggle} title="Toggle light/dark theme" data-testid="theme-toggle">
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
      </header>
      <nav className="nav" aria-label="Rooms">
        {(Object.keys(ROOM_LABELS) as Room[]).map((r, i) => (
          <button key={r} aria-current={room === r ? 'page' : undefined} onClick={() => go(r)} data-testid={`nav-${r}`}>
            {ROOM_LABELS[r]} <kbd>Ctrl {i + 1}</kbd>
          </button>
        ))}
      </nav>
      <main className="shell-main">
        {error && <div className="banner error">Cannot reach the Floe core: {error}</div>}
        {closed && !error && <div className="banner error">The connection to the Floe core was lost. Reload the page (browser mode) or restart Floe.</div>}
        {!client && !error && (
          <div className="empty">
            <span className="spinner" /> Connecting to the Floe core…
          </div>
        )}
        {client && room === 'connections' && <ConnectionsPage />}
        {client && room === 'topics' && <TopicsPage />}
        {client && room === 'groups' && <GroupsPage />}
        {client && room === 'schemas' && <SchemasPage />}
        {client && room === 'tables' && <TablesPage />}
        {client && room === 'sql' && <SqlPage />}
        {client && room === 'pipelines' && <PipelinesPage />}
        {client && room === 'dlq' && <DlqPage />}
        {client && room === 'connect' && <ConnectPage />}
      </main>
      {palette && client && <CommandPalette onClose={() => setPalette(false)} />}
    </div>
  );
}
