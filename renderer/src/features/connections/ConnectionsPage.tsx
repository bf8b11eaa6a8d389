import { useConnections } from '../../stores/connections-store';
import { ProfileEditor } from './ProfileEditor';
import './connections.css';

export function ConnectionsPage() {
  const { profiles, problems, selected, select, loading, error } = useConnections();
  const stored = profiles.find((p) => p.id === selected);
  return (
    <div className="page">
      <div className="page-head">
        <h1>Connections</h1>
        <span className="meta">{loading ? 'loading…' : `${profiles.length} profile(s)`}</span>
        <div style={{ flex: 1 }} />
        <button className="btn primary" onClick={() => select('new')} data-testid="new-connection">
          New connection
        </button>
      </div>
      {error && <div className="banner error">{error}</div>}
      {problems.map((p) => (
        <div className="banner warn" key={p} data-testid="profile-problem">
          {p}
        </div>
      ))}
      <div className="connections">
        <div className="profile-list" role="listbox" aria-label="Profiles">
          {profiles.map((p) => (
            <button key={p.id} className="item" role="option" aria-selected={p.id === selected} onClick={() => select(p.id)} data-testid="profile-item" data-name={p.name}>
              <div>
                {p.name} {p.builtIn && <span className="badge">lab</span>}
              </div>
              <div className="sub">
                {p.kafka.security.protocol} · {p.kafka.bootstrap.join(', ')}
              </div>
            </button>
          ))}
          {profiles.length === 0 && !loading && <p className="muted" style={{ padding: 12 }}>No profiles yet.</p>}
        </div>
        {selected === 'new' && <ProfileEditor key="new" />}
        {stored && <ProfileEditor key={`${stored.id}:${stored.updatedAt}`} stored={stored} />}
        {!selected && (
          <div className="empty">
            <h2>Connect Floe to a cluster</h2>
            <p>
              Pick a profile on the left or create a <b>New connection</b>. For a local playground run <code>npx floe lab up</code>: a
              <b> Local lab</b> profile appears by itself.
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
