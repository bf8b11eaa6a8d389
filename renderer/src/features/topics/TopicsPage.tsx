import { useEffect, useMemo, useState } from 'react';
import { useNav } from '../../stores/nav-store';
import { useTopics } from '../../stores/topics-store';
import { useConnections } from '../../stores/connections-store';
import { TopicTable } from './TopicTable';
import { TopicPage } from './TopicPage';
import { CreateTopicDialog } from './CreateTopicDialog';
import { visibleTopics, type Sort } from './topic-view';
import { useTimeFormat } from '../../stores/time-zone-store';
import './topics.css';

export function TopicsPage() {
  const profileId = useNav((s) => s.activeProfileId);
  const openTopic = useNav((s) => s.openTopic);
  const topic = useNav((s) => s.topic);
  const [creating, setCreating] = useState(false);
  const profile = useConnections((s) => s.profiles.find((p) => p.id === profileId));
  const { list, loading, error, fetchedAt, includeInternal, load, setIncludeInternal } = useTopics();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'name', descending: false });
  const time = useTimeFormat();

  useEffect(() => {
    if (profileId) void load(profileId);
  }, [profileId, load]);

  const rows = useMemo(() => visibleTopics(list?.topics ?? [], query, sort), [list, query, sort]);

  if (!profileId || !profile)
    return (
      <div className="empty">
        <h2>No cluster selected</h2>
        <p>
          Create a connection in <b>Connections</b>, or start the local lab with <code>npx floe lab up</code>: its profile appears by itself.
        </p>
      </div>
    );

  if (topic) return <TopicPage profileId={profileId} topic={topic} />;

  return (
    <div className="page">
      <div className="page-head">
        <h1>Topics</h1>
        <span className="meta">{profile.name}</span>
        <div style={{ flex: 1 }} />
        <span className="meta" data-testid="topics-meta">
          {list && `${rows.length === list.topics.length ? list.topics.length : `${rows.length} of ${list.topics.length}`} topics`}
          {fetchedAt && list && ` · fetched ${time.formatWithZone(fetchedAt.getTime())} in ${list.fetchedInMs} ms`}
        </span>
        <button className="btn" onClick={() => setCreating(true)} data-testid="create-topic">
          New topic
        </button>
        <button className="btn" onClick={() => void load(profileId)} disabled={loading} data-testid="topics-refresh">
          {loading ? <span className="spinner" /> : 'Refresh'}
        </button>
      </div>
      <div className="toolbar">
        <input
          type="search"
          placeholder="Search topics   ( / )"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-search
          data-testid="topic-search"
          aria-label="Search topics"
        />
        <label>
          <input type="checkbox" checked={includeInternal} onChange={(e) => setIncludeInternal(e.target.checked)} data-testid="show-internal" /> Show internal topics
        </label>
      </div>
      {error && (
        <div className="banner error" data-testid="topics-error">
          {error}
        </div>
      )}
      <div className="page-body" style={{ overflow: 'hidden' }}>
        {!list && loading && (
          <div className="empty">
            <span className="spinner" /> Listing topics…
          </div>
        )}
        {list && list.topics.length === 0 && (
          <div className="empty">
            <h2>No topics{includeInternal ? '' : ' (internal topics hidden)'}</h2>
            <p>This cluster has no topics yet. Create one with your tools, or produce to a topic if auto-creation is on.</p>
          </div>
        )}
        {list && list.topics.length > 0 && rows.length === 0 && (
          <div className="empty">
            <h2>No topic matches “{query}”</h2>
          </div>
        )}
        {list && rows.length > 0 && <TopicTable topics={rows} query={query} sort={sort} onSort={setSort} onOpen={openTopic} sizeNote={list.sizeNote} />}
      </div>
      {creating && (
        <CreateTopicDialog
          profileId={profileId}
          onClose={(created) => {
            setCreating(false);
            if (created) {
              void load(profileId);
              openTopic(created);
            }
          }}
        />
      )}
    </div>
  );
}
