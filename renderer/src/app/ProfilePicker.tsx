import { useEffect } from 'react';
import { useConnections } from '../stores/connections-store';
import { useNav } from '../stores/nav-store';

/** The profile the cluster rooms work on; the first one when none (or a deleted one) is chosen. */
export function ProfilePicker() {
  const profiles = useConnections((s) => s.profiles);
  const active = useNav((s) => s.activeProfileId);
  const setActive = useNav((s) => s.setActiveProfile);
  const known = profiles.some((p) => p.id === active);

  useEffect(() => {
    if (!known && profiles[0]) setActive(profiles[0].id);
  }, [known, profiles, setActive]);

  if (profiles.length === 0) return <span className="muted">No connection yet</span>;
  return (
    <label style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
      <span className="muted">Cluster</span>
      <select value={known ? (active ?? '') : ''} onChange={(e) => setActive(e.target.value || null)} style={{ width: 220 }} data-testid="profile-picker">
        {profiles.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
