import { useEffect, useState } from 'react';
import { coreClient } from '../../stores/core-store';
import { useGroups } from '../../stores/groups-store';
import { useNav } from '../../stores/nav-store';
import { ConfirmByName } from '../../components/ConfirmByName';
import { Sparkline } from '../../components/Sparkline';
import { ResetDialog } from './ResetDialog';
import { ReplayDialog } from '../dlq/ReplayDialog';
import { LagCell, LagTotalsText } from './LagView';
import { formatCount, formatCountOr } from '../../components/number-format';
import { useTimeFormat } from '../../stores/time-zone-store';
import './groups.css';

const POLL_MS = 5000;

/** One group: members, every partition of its topics with committed/start/end/lag, a lag chart while open; reset and delete. */
export function GroupPage(props: { profileId: string; groupId: string }) {
  const { profileId, groupId } = props;
  const openGroup = useNav((s) => s.openGroup);
  const { detail, detailError, lagHistory, describe } = useGroups();
  const [reset, setReset] = useState<{ topic: string; partition?: number } | null>(null);
  const [replay, setReplay] = useState<{ topic: string; partition: number; from?: number } | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const time = useTimeFormat();

  useEffect(() => {
    void describe(profileId, groupId);
    const timer = setInterval(() => void describe(profileId, groupId), POLL_MS);
    return () => clearInterval(timer);
  }, [profileId, groupId, describe]);

  const shown = detail?.groupId === groupId ? detail : null;
  const topics = [...new Set(shown?.partitions.map((p) => p.topic) ?? [])];
  const onDelete = async () => {
    try {
      await coreClient().call('groups.delete', { profileId, groupId });
      openGroup(null);
    } catch (e) {
      setDeleteError((e as Error).message);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <button className="btn small" onClick={() => openGroup(null)} data-testid="back-to-groups">
          ← Groups
        </button>
        <h1 className="mono">{groupId}</h1>
        {shown && (
          <span className="meta" data-testid="group-state">
            {shown.state} · {shown.members} member(s){shown.coordinator !== null ? ` · coordinator ${shown.coordinator}` : ''}
          </span>
        )}
        <div style={{ flex: 1 }} />
        <button className="btn small danger" onClick={() => setDeleting(true)} data-testid="delete-group">
          Delete group
        </button>
      </div>
      {detailError && <div className="banner error">{detailError}</div>}
      <div className="page-body tab-body">
        {shown && (
          <div className="lag-panel">
            <p className="lag-summary" data-testid="group-lag">
              Lag <LagTotalsText totals={shown} />
            </p>
            <Sparkline samples={lagHistory.map((s) => ({ at: s.at, value: s.lag }))} label="Committed lag while open" unit="records" formatTime={time.formatWithZone} testId="lag-chart" />
          </div>
        )}
        {shown && shown.memberList.length > 0 && (
          <div className="banner warn small">Offsets can be reset only while the group has no active members: stop its consumers first.</div>
        )}
        {topics.map((topic) => (
          <section className="card" key={topic} data-testid="group-topic" data-topic={topic}>
            <div className="row">
              <b className="mono">{topic}</b>
              <div style={{ flex: 1 }} />
              <button className="btn small" onClick={() => setReset({ topic })} data-testid="reset-topic">
                Reset offsets…
              </button>
            </div>
            <table className="grid">
              <thead>
                <tr>
                  <th className="num">Partition</th>
                  <th className="num">Committed</th>
                  <th className="num" title="Log start offset: where auto.offset.reset=earliest starts">Start</th>
                  <th className="num">End</th>
                  <th className="num">Lag</th>
                  <th>Member</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {shown!.partitions
                  .filter((p) => p.topic === topic)
                  .map((p) => (
                    <tr key={p.partition} data-testid="group-partition" data-partition={p.partition} className={p.committed === null ? 'never-committed' : undefined}>
                      <td className="num">{p.partition}</td>
                      <td className="num">{formatCountOr(p.committed, 'never')}</td>
                      <td className="num">{p.start < 0 ? '—' : formatCount(p.start)}</td>
                      <td className="num">{p.end < 0 ? '—' : formatCount(p.end)}</td>
                      <td className="num">
                        <LagCell row={p} />
                      </td>
                      <td className="mono small">{p.memberId ?? ''}</td>
                      <td>
                        <button className="btn small" onClick={() => setReset({ topic, partition: p.partition })} title="Rewind (or move) this group on this partition: its consumers read again" data-testid="reset-partition">
                          Reset…
                        </button>{' '}
                        <button className="btn small" onClick={() => setReplay({ topic, partition: p.partition, ...(p.committed !== null ? { from: p.committed } : {}) })} title="Re-publish this partition's records (from the group's committed offset) to another topic, exactly once" data-testid="replay-partition">
                          Replay…
                        </button>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </section>
        ))}
        {shown && topics.length === 0 && <div className="empty">This group has no committed offsets and no member subscribes to a topic.</div>}
      </div>
      {replay && <ReplayDialog profileId={profileId} mode={{ kind: 'partition', ...replay }} onClose={() => setReplay(null)} />}
      {reset && <ResetDialog profileId={profileId} groupId={groupId} topic={reset.topic} partition={reset.partition} onClose={() => (setReset(null), void describe(profileId, groupId))} />}
      {deleting && (
        <ConfirmByName title={`Delete group “${groupId}”?`} explain="Its committed offsets are deleted; consumers that join later start from their reset policy." name={groupId} action="Delete group" error={deleteError} onCancel={() => setDeleting(false)} onConfirm={() => void onDelete()} />
      )}
    </div>
  );
}
