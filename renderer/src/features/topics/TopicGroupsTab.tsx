import type { TopicDetail } from '../../../../shared/model/topic-detail';
import { useNav } from '../../stores/nav-store';
import { formatCount, formatCountOr } from '../../components/number-format';
import { LagCell, LagTotalsText } from '../groups/LagView';

export function TopicGroupsTab(props: { detail: TopicDetail }) {
  const openGroup = useNav((s) => s.openGroup);
  const { groups } = props.detail;
  if (groups.length === 0)
    return (
      <div className="empty">
        <h2>No consumer group has committed offsets for this topic</h2>
        <p>Groups appear here once a consumer commits. Floe's own browsing never joins a group.</p>
      </div>
    );
  return (
    <div className="tab-body">
      {groups.map((g) => (
        <section key={g.groupId} className="card" data-testid="topic-group">
          <div className="row">
            <button className="btn small" onClick={() => openGroup(g.groupId)}>
              {g.groupId}
            </button>
            <span className="badge">{g.state}</span>
            <span className="muted">
              lag <LagTotalsText totals={g} />
            </span>
          </div>
          <table className="grid">
            <thead>
              <tr>
                <th className="num">Partition</th>
                <th className="num">Committed</th>
                <th className="num">Start</th>
                <th className="num">End</th>
                <th className="num">Lag</th>
              </tr>
            </thead>
            <tbody>
              {g.partitions.map((p) => (
                <tr key={p.partition}>
                  <td className="num">{p.partition}</td>
                  <td className="num">{formatCountOr(p.committed, 'never')}</td>
                  <td className="num">{formatCount(p.start)}</td>
                  <td className="num">{formatCount(p.end)}</td>
                  <td className="num">
                    <LagCell row={p} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
