import { useEffect, useState } from 'react';
import { useDlq } from '../../stores/dlq-store';
import { useNav } from '../../stores/nav-store';
import { formatCount } from '../../components/number-format';
import { useTimeFormat } from '../../stores/time-zone-store';
import { DlqTopicView } from './DlqTopicView';
import { ReplaysPanel } from './ReplaysPanel';
import { ReplayDialog } from './ReplayDialog';
import './dlq.css';

/** The dead-letters room: the cluster's DLQs (records, newest error, sources, growth); open one to triage and replay. */
export function DlqPage() {
  const profileId = useNav((s) => s.activeProfileId);
  const { list, listError, loadingList, topic, loadList, open } = useDlq();
  const [partitionReplay, setPartitionReplay] = useState(false);
  const time = useTimeFormat();

  useEffect(() => {
    if (profileId && !list) void loadList(profileId);
  }, [profileId, list, loadList]);

  if (!profileId) return <div className="empty"><h2>No cluster selected</h2><p>Pick a connection first.</p></div>;
  if (topic) return <DlqTopicView profileId={profileId} topic={topic} />;

  const dlqs = list?.dlqs ?? [];
  return (
    <div className="page">
      <div className="page-head">
        <h1>Dead letters</h1>
        <span className="meta">{list ? `${dlqs.filter((d) => d.confirmed).length} DLQs among ${formatCount(list.sampled)} topics sampled` : ''}</span>
        <div style={{ flex: 1 }} />
        <button className="btn" onClick={() => setPartitionReplay(true)} data-testid="replay-partition">
          Replay a partition…
        </button>
        <button className="btn" onClick={() => void loadList(profileId)} disabled={loadingList} data-testid="dlq-refresh">
          {loadingList ? <span className="spinner" /> : 'Refresh'}
        </button>
      </div>
      {listError && <div className="banner error">{listError}</div>}
      <div className="page-body tab-body">
        {loadingList && !list && <div className="empty"><span className="spinner" /> Sampling every topic's newest records for error headers…</div>}
        {list && dlqs.length === 0 && <div className="empty"><h2>No dead-letter topics</h2><p>A topic shows here once its records carry Kafka Connect, Spring or mapped error headers.</p></div>}
        {dlqs.length > 0 && (
          <table className="grid" data-testid="dlq-table">
            <thead>
              <tr>
                <th>DLQ</th>
                <th className="num">Records</th>
                <th>Newest error</th>
                <th className="num">Last 15 min</th>
                <th>Sources</th>
                <th>Connectors</th>
                <th>Kind</th>
              </tr>
            </thead>
            <tbody>
              {dlqs.map((d) => (
                <tr key={d.topic} onClick={() => void open(profileId, d.topic)} style={{ cursor: 'pointer' }} className={d.confirmed ? '' : 'muted'} data-testid="dlq-row" data-topic={d.topic}>
                  <td className="mono">{d.topic}</td>
                  <td className="num">{formatCount(d.records)}</td>
                  <td>{d.newestErrorTime === null ? '—' : time.format(d.newestErrorTime)}</td>
                  <td className="num">{d.recent > 0 ? <span className="badge warn">+{formatCount(d.recent)} growing</span> : '0'}</td>
                  <td className="mono small">{d.sourceTopics.join(', ') || '—'}</td>
                  <td className="mono small">{d.connectors.join(', ') || '—'}</td>
                  <td className="small">{d.confirmed ? d.conventions.join(', ') : `candidate: ${d.reason ?? ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <ReplaysPanel />
      </div>
      {partitionReplay && <ReplayDialog profileId={profileId} mode={{ kind: 'partition' }} onClose={() => setPartitionReplay(false)} />}
    </div>
  );
}
