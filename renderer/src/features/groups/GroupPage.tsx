import { useEffect, useState } from 'react';
import { coreClient } from '../../stores/core-store';
import { useGroups } from '../../stores/groups-store';
import { useNav } from '../../stores/nav-store';
import { ConfirmByName } from '../../components/ConfirmByName';
import { Sparkline } from '../../components/Sparkline';
import { ResetDialog } from './ResetDialog';

const POLL_MS = 5000;

/** One group: members, per-partition committed/end/lag with a lag sparkline while open; reset and delete. */
export function GroupPage(props: { profileId: string; groupId: string }) {
  const { profileId, groupId } = props;
  const openGroup = useNav((s) => s.openGroup);
  const { detail, detailError, lagHistory, describe } = useGroups();
  const [reset, setReset] = useState<{ topic: string; partition?: number } | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

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
        <Sparkline values={lagHistory.map((s) => s.lag)} label="Total lag while this page is open" />
        <span className="meta mono">lag {lagHistory.at(-1)?.lag.toLocaleString('en-US') ?? '—'}</span>
        <button className="btn small danger" onClick={() => setDeleting(true)} data-testid="delete-group">
          Delete group
        </button>
      </div>
      {detailError && <div className="banner error">{detailError}</div>}
      <div className="page-body tab-body">
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
                    <tr key={p.partition} data-testid="group-partition" data-partition={p.partition}>
                      <td className="num">{p.partition}</td>
                      <td className="num">{p.committed ?? '—'}</td>
                      <td className="num">{p.end}</td>
                      <td className="num">{p.lag ?? '—'}</td>
                      <td className="mono small">{p.memberId ?? ''}</td>
                      <td>
                        <button className="btn small" onClick={() => setReset({ topic, partition: p.partition })} data-testid="reset-partition">
                          Reset…
                        </button>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </section>
        ))}
        {shown && topics.length === 0 && <div className="empty">This group has no committed offsets.</div>}
      </div>
      {reset && <ResetDialog profileId={profileId} groupId={groupId} topic={reset.topic} partition={reset.partition} onClose={() => (setReset(null), void describe(profileId, groupId))} />}
      {deleting && (
        <ConfirmByName title={`Delete group “${groupId}”?`} explain="Its committed offsets are deleted; consumers that join later start from their reset policy." name={groupId} action="Delete group" error={deleteError} onCancel={() => setDeleting(false)} onConfirm={() => void onDelete()} />
      )}
    </div>
  );
}
