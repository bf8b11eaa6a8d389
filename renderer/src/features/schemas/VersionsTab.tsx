import { useEffect, useState } from 'react';
import type { SubjectDetail, TopicSample, VersionDetail } from '../../../../shared/model/schemas';
import { useAction } from '../../components/use-action';
import { coreClient } from '../../stores/core-store';
import { useNav } from '../../stores/nav-store';
import { useTimeFormat } from '../../stores/time-zone-store';
import { formatSchema } from './draft-model';
import { SchemaEditor } from './SchemaEditor';

/** The version history (dates where the registry keeps them), one version's text, its references both ways, and the topics carrying the subject. */
export function VersionsTab(props: { profileId: string; detail: SubjectDetail; showDeleted: boolean; onShowDeleted: (on: boolean) => void }) {
  const { profileId, detail } = props;
  const { openSubject, openTopic } = useNav();
  const [version, setVersion] = useState(detail.latest.version);
  const [shown, setShown] = useState<VersionDetail | null>(null);
  const [sampleTopic, setSampleTopic] = useState(detail.topics[0]?.topic ?? '');
  const [sample, setSample] = useState<TopicSample | null>(null);
  const read = useAction();
  const sampling = useAction();
  const time = useTimeFormat();

  const { run } = read;
  useEffect(() => {
    void run(async () => setShown(await coreClient().call('schemas.version', { profileId, subject: detail.subject, version })));
  }, [profileId, detail.subject, version]);

  const doSample = () => void sampling.run(async () => setSample(await coreClient().call('schemas.sampleTopic', { profileId, topic: sampleTopic.trim(), last: 500 })));
  const newestFirst = [...detail.versions].sort((a, b) => b.version - a.version);

  return (
    <div className="versions-tab">
      <div className="version-list" data-testid="version-list">
        <label className="small muted">
          <input type="checkbox" checked={props.showDeleted} onChange={(e) => props.onShowDeleted(e.target.checked)} /> soft-deleted too
        </label>
        <ul>
          {newestFirst.map((v) => (
            <li key={v.version} aria-selected={v.version === version} onClick={() => setVersion(v.version)} data-testid="version-item" data-version={v.version}>
              <b>v{v.version}</b> <span className="muted small">id {v.id}</span>
              {v.deleted && <span className="badge">deleted</span>}
              {v.createdAt && <div className="muted small">{Number.isFinite(Date.parse(v.createdAt)) ? time.formatWithZone(Date.parse(v.createdAt)) : v.createdAt}</div>}
            </li>
          ))}
        </ul>
      </div>
      <div className="version-view">
        {read.problem && <div className="err small">{read.problem}</div>}
        {shown && shown.version === version && (
          <>
            <SchemaEditor schemaType={shown.schemaType} load={{ text: formatSchema(shown.schemaType, shown.schema), seq: shown.version }} readOnly testId="version-schema" />
            <div className="refs row wrap small">
              <div>
                <b>Uses</b>{' '}
                {shown.references.length === 0 ? (
                  <span className="muted">no references</span>
                ) : (
                  shown.references.map((r) => (
                    <button key={r.name} className="btn small link" onClick={() => openSubject(r.subject)}>
                      {r.name} → {r.subject}:{r.version}
                    </button>
                  ))
                )}
              </div>
              <div data-testid="referenced-by">
                <b>Used by</b>{' '}
                {shown.referencedBy.length === 0 ? (
                  <span className="muted">nothing references this version</span>
                ) : (
                  shown.referencedBy.map((r) => (
                    <button key={`${r.subject}:${r.version}`} className="btn small link" onClick={() => openSubject(r.subject)}>
                      {r.subject}:{r.version}
                    </button>
                  ))
                )}
              </div>
              <div>
                <b>Topics</b>{' '}
                {detail.topics.length === 0 ? (
                  <span className="muted">no topic named by TopicNameStrategy</span>
                ) : (
                  detail.topics.map((t) => (
                    <button key={t.topic} className="btn small link" onClick={() => openTopic(t.topic)}>
                      {t.topic} ({t.part})
                    </button>
                  ))
                )}
              </div>
            </div>
          </>
        )}
        <div className="toolbar slim">
          <span className="small muted">Which schemas are on a topic’s last 500 records?</span>
          <input type="text" placeholder="topic" value={sampleTopic} onChange={(e) => setSampleTopic(e.target.value)} style={{ width: 200 }} data-testid="sample-topic" />
          <button className="btn small" onClick={doSample} disabled={!sampleTopic.trim() || sampling.busy} data-testid="sample-run">
            {sampling.busy ? <span className="spinner" /> : 'Sample'}
          </button>
          {sampling.problem && <span className="err small">{sampling.problem}</span>}
        </div>
        {sample && (
          <table className="grid compact" data-testid="sample-result">
            <thead>
              <tr>
                <th>Part</th>
                <th className="num">Schema id</th>
                <th className="num">Records</th>
                <th>Subjects holding it</th>
              </tr>
            </thead>
            <tbody>
              {sample.schemas.map((s) => (
                <tr key={`${s.part}:${s.schemaId}`}>
                  <td>{s.part}</td>
                  <td className="num">{s.schemaId}</td>
                  <td className="num">{s.records}</td>
                  <td className="mono small">{s.uses.map((u) => `${u.subject}:${u.version}`).join(', ') || '—'}</td>
                </tr>
              ))}
              <tr>
                <td colSpan={4} className="muted small">
                  {sample.scanned} record(s) read, {sample.unframed} without a schema id
                </td>
              </tr>
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
