import { useEffect, useMemo, useState } from 'react';
import { useGroups } from '../../stores/groups-store';
import { useNav } from '../../stores/nav-store';
import { GroupPage } from './GroupPage';
import { LagTotalsText } from './LagView';

/** Consumer groups of the active cluster: state, members, total lag; open one for detail and resets. */
export function GroupsPage() {
  const profileId = useNav((s) => s.activeProfileId);
  const { group, openGroup } = useNav();
  const { groups, loading, error, list } = useGroups();
  const [query, setQuery] = useState('');

  useEffect(() => {
    if (profileId && !group) void list(profileId);
  }, [profileId, group, list]);

  const rows = useMemo(() => (groups ?? []).filter((g) => g.groupId.toLowerCase().includes(query.trim().toLowerCase())), [groups, query]);

  if (!profileId) return <div className="empty"><h2>No cluster selected</h2><p>Pick a connection first.</p></div>;
  if (group) return <GroupPage profileId={profileId} groupId={group} />;

  return (
    <div className="page">
      <div className="page-head">
        <h1>Consumer groups</h1>
        <span className="meta">{groups ? `${rows.length} of ${groups.length}` : ''}</span>
        <div style={{ flex: 1 }} />
        <button className="btn" onClick={() => void list(profileId)} disabled={loading} data-testid="groups-refresh">
          {loading ? <span className="spinner" /> : 'Refresh'}
        </button>
      </div>
      <div className="toolbar">
        <input type="search" placeholder="Search groups   ( / )" value={query} onChange={(e) => setQuery(e.target.value)} data-search data-testid="group-search" />
      </div>
      {error && <div className="banner error">{error}</div>}
      <div className="page-body tab-body">
        {groups && groups.length === 0 && <div className="empty"><h2>No consumer groups</h2><p>Groups appear once a consumer joins or commits offsets.</p></div>}
        {rows.length > 0 && (
          <table className="grid" data-testid="groups-table">
            <thead>
              <tr>
                <th>Group</th>
                <th>State</th>
                <th>Protocol</th>
                <th className="num">Members</th>
                <th className="num">Total lag</th>
                <th>Topics</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((g) => (
                <tr key={g.groupId} onClick={() => openGroup(g.groupId)} style={{ cursor: 'pointer' }} data-testid="group-row" data-group={g.groupId}>
                  <td className="mono">{g.groupId}</td>
                  <td>{g.state}</td>
                  <td className="muted">{[g.protocolType, g.protocol].filter(Boolean).join(' / ')}</td>
                  <td className="num">{g.members}</td>
                  <td className="num">
                    <LagTotalsText totals={g} />
                  </td>
                  <td className="mono small">{g.topics.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
