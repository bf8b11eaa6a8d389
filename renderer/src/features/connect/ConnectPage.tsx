import { useEffect, useState } from 'react';
import { useConnect } from '../../stores/connect-store';
import { useConnections } from '../../stores/connections-store';
import { useNav } from '../../stores/nav-store';
import { ConnectorPage } from './ConnectorPage';
import { NewConnectorPage } from './NewConnectorPage';
import { simpleClass, StateBadge, TaskStates, workersOf } from './ConnectStates';
import './connect.css';

/** The Connect room: a profile's Kafka Connect cluster and its connectors (type, class, state, tasks, workers, topics). */
export function ConnectPage() {
  const profileId = useNav((s) => s.activeProfileId);
  const profile = useConnections((s) => s.profiles.find((p) => p.id === profileId));
  const { cluster, overview, error, loading, connector, creating, load, open, setCluster, startNew } = useConnect();
  const loadedFor = useConnect((s) => s.profileId);
  const [filter, setFilter] = useState('');
  const clusters = profile?.connect ?? [];

  useEffect(() => {
    if (profileId && clusters.length > 0 && !loading && (loadedFor !== profileId || (!overview && !error))) void load(profileId);
  }, [profileId, loadedFor, clusters.length, overview, loading, error, load]);

  if (!profileId) return <div className="empty"><h2>No cluster selected</h2><p>Pick a connection first.</p></div>;
  if (clusters.length === 0)
    return (
      <div className="empty" data-testid="connect-none">
        <h2>No Kafka Connect cluster in this profile</h2>
        <p>Add one (worker REST URLs, basic auth or TLS) to the profile in the Connections room.</p>
      </div>
    );
  if (creating && loadedFor === profileId) return <NewConnectorPage profileId={profileId} />;
  if (connector && loadedFor === profileId) return <ConnectorPage profileId={profileId} name={connector} />;

  const needle = filter.trim().toLowerCase();
  const rows = (overview?.connectors ?? []).filter((c) => !needle || `${c.name} ${c.className} ${c.state} ${(c.topics ?? []).join(' ')}`.toLowerCase().includes(needle));
  const c = overview?.cluster;
  return (
    <div className="page">
      <div className="page-head">
        <h1>Kafka Connect</h1>
        {clusters.length > 1 && (
          <select value={cluster ?? clusters[0]!.id} onChange={(e) => setCluster(e.target.value)} data-testid="connect-cluster" style={{ width: 'auto' }}>
            {clusters.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name}
              </option>
            ))}
          </select>
        )}
        <span className="meta" data-testid="connect-cluster-info">
          {c ? `${c.name} · Connect ${c.version} · worker ${c.worker} · Kafka cluster ${c.kafkaClusterId}` : ''}
        </span>
        <div style={{ flex: 1 }} />
        <input type="search" placeholder="Filter connectors…" value={filter} onChange={(e) => setFilter(e.target.value)} data-search style={{ width: 220 }} />
        <button className="btn primary" onClick={startNew} disabled={!overview} data-testid="connect-new">
          New connector…
        </button>
        <button className="btn" onClick={() => void load(profileId)} disabled={loading} data-testid="connect-refresh">
          {loading ? <span className="spinner" /> : 'Refresh'}
        </button>
      </div>
      {error && <div className="banner error" data-testid="connect-error">{error}</div>}
      {overview?.notes.map((n) => <div key={n} className="banner warn">{n}</div>)}
      <div className="page-body tab-body">
        {loading && !overview && <div className="empty"><span className="spinner" /> Asking the Connect workers…</div>}
        {overview && overview.connectors.length === 0 && <div className="empty"><h2>No connectors</h2><p>This Connect cluster runs none yet.</p></div>}
        {rows.length > 0 && (
          <table className="grid" data-testid="connectors-table">
            <thead>
              <tr>
                <th>Connector</th>
                <th>Type</th>
                <th>Class</th>
                <th>State</th>
                <th>Tasks</th>
                <th>Workers</th>
                <th>Topics</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((k) => (
                <tr key={k.name} onClick={() => void open(profileId, k.name)} style={{ cursor: 'pointer' }} data-testid="connector-row" data-name={k.name}>
                  <td className="mono">{k.name}</td>
                  <td>{k.type}</td>
                  <td className="mono small" title={k.className}>{simpleClass(k.className)}</td>
                  <td><StateBadge state={k.state} /></td>
                  <td><TaskStates tasks={k.tasks} /></td>
                  <td className="mono small">{workersOf(k).join(', ') || '—'}</td>
                  <td className="mono small">{k.topics === null ? <span className="muted">not tracked</span> : k.topics.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
