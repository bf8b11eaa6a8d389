import { useConnections } from '../stores/connections-store';
import { useNav } from '../stores/nav-store';

/** The profile the cluster rooms work on. */
export function ProfilePicker() {
  const profiles = useConnections((s) => s.profiles);
  const active = useNav((s) => s.activeProfileId);
  const setActive = useNav((s) => s.setActiveProfile);
  if (profiles.length === 0) return <span className="muted">No connection yet</span>;
  return (
    <label style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
      <span className="muted">Cluster</span>
      <select value={active ?? ''} onChange={(e) => setActive(e.target.value || null)} style={{ width: 220 }} data-testid="profile-picker">
        {profiles.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
