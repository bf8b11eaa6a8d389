import { useEffect, useState } from 'react';
import { useNav } from '../../stores/nav-store';
import { useTopicDetail } from '../../stores/topic-detail-store';
import { coreClient } from '../../stores/core-store';
import { ConfirmByName } from '../../components/ConfirmByName';
import { MessagesView } from '../messages/MessagesView';
import { PartitionsTab } from './PartitionsTab';
import { ConfigsTab } from './ConfigsTab';
import { TopicGroupsTab } from './TopicGroupsTab';
import { formatCount } from '../../components/number-format';

const TABS = { messages: 'Messages', partitions: 'Partitions', configs: 'Configuration', consumers: 'Consumers' } as const;
type Tab = keyof typeof TABS;

/** One topic: its records, partitions, configuration and the groups that read it. */
export function TopicPage(props: { profileId: string; topic: string }) {
  const { profileId, topic } = props;
  const openTopic = useNav((s) => s.openTopic);
  const { detail, loading, error, load } = useTopicDetail();
  const [tab, setTab] = useState<Tab>('messages');
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  useEffect(() => {
    void load(profileId, topic);
  }, [profileId, topic, load]);

  const onDelete = async () => {
    try {
      await coreClient().call('topics.delete', { profileId, topic });
      openTopic(null);
    } catch (e) {
      setDeleteError((e as Error).message);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <button className="btn small" onClick={() => openTopic(null)} data-testid="back-to-topics" title="Back to the topic list (Esc)">
          ← Topics
        </button>
        <h1 className="mono" data-testid="topic-title">
          {topic}
        </h1>
        {detail && (
          <span className="meta">
            {detail.partitions.length} partition(s) · {formatCount(detail.messages)} messages
          </span>
        )}
        <div style={{ flex: 1 }} />
        <button className="btn small" onClick={() => void load(profileId, topic)} disabled={loading}>
          {loading ? <span className="spinner" /> : 'Refresh'}
        </button>
        <button className="btn small danger" onClick={() => setDeleting(true)} data-testid="delete-topic">
          Delete topic
        </button>
      </div>
      <div className="tabs" role="tablist">
        {(Object.keys(TABS) as Tab[]).map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)} data-testid={`tab-${t}`}>
            {TABS[t]}
          </button>
        ))}
      </div>
      {error && (
        <div className="banner error" data-testid="topic-error">
          {error}
        </div>
      )}
      <div className="page-body" style={{ overflow: tab === 'messages' ? 'hidden' : 'auto' }}>
        {tab === 'messages' && <MessagesView profileId={profileId} topic={topic} partitions={detail?.partitions.map((p) => p.partition) ?? []} />}
        {tab === 'partitions' && detail && <PartitionsTab profileId={profileId} detail={detail} />}
        {tab === 'configs' && detail && <ConfigsTab profileId={profileId} detail={detail} />}
        {tab === 'consumers' && detail && <TopicGroupsTab detail={detail} />}
      </div>
      {deleting && (
        <ConfirmByName
          title={`Delete topic “${topic}”?`}
          explain="Every record in it is deleted on the cluster; this cannot be undone."
          name={topic}
          action="Delete topic"
          error={deleteError}
          onCancel={() => setDeleting(false)}
          onConfirm={() => void onDelete()}
        />
      )}
    </div>
  );
}
