import { useEffect, useState } from 'react';
import type { DlqRecord } from '../../../../shared/model/dlq';
import { shortClassName, textSpark } from '../../../../shared/text-spark';
import { useDlq } from '../../stores/dlq-store';
import { useNav } from '../../stores/nav-store';
import { formatCount } from '../../components/number-format';
import { useTimeFormat } from '../../stores/time-zone-store';
import { DlqRecordPanel } from './DlqRecordPanel';
import { ReplayDialog, type ReplayMode } from './ReplayDialog';
import { TransformPanel } from './TransformPanel';

const SCHEMA_KINDS = new Set(['avro', 'protobuf', 'json-schema']);


/** One DLQ: its records grouped by cause; a cause's records; one record's error, original key and value, fix and replay. */
export function DlqTopicView(props: { profileId: string; topic: string }) {
  const { profileId, topic } = props;
  const { triage, group, records, error, open, openGroup, loadReplays } = useDlq();
  const openTopic = useNav((s) => s.openTopic);
  const [record, setRecord] = useState<DlqRecord | null>(null);
  const [replay, setReplay] = useState<ReplayMode | null>(null);
  const [transforming, setTransforming] = useState(false);
  const time = useTimeFormat();

  useEffect(() => (setRecord(null), setTransforming(false)), [group]);
  const current = triage?.groups.find((g) => g.id === group) ?? null;

  return (
    <div className="page">
      <div className="page-head">
        <button className="btn small" onClick={() => void open(profileId, null)} data-testid="back-to-dlqs">
          ← Dead letters
        </button>
        <h1 className="mono">{topic}</h1>
        {triage && <span className="meta">{formatCount(triage.scanned)} records · {triage.groups.length} causes</span>}
        <div style={{ flex: 1 }} />
        <button className="btn small" onClick={() => openTopic(topic)}>Open in Topics</button>
      </div>
      {error && <div className="banner error">{error}</div>}
      <div className="page-body dlq-body">
        {!triage && !error && <div className="empty"><span className="spinner" /> Grouping the dead letters by cause…</div>}
        {triage && (
          <table className="grid dlq-groups" data-testid="dlq-groups">
            <thead>
              <tr>
                <th className="num">Count</th>
                <th>Exception</th>
                <th>Message</th>
                <th>Stage</th>
                <th>Connector</th>
                <th>Source</th>
                <th>Last seen</th>
                <th>Timeline</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {triage.groups.map((g) => (
                <tr key={g.id} aria-selected={g.id === group} onClick={() => void openGroup(profileId, g.id)} style={{ cursor: 'pointer' }} data-testid="dlq-group" data-group={g.id}>
                  <td className="num">{formatCount(g.count)}</td>
                  <td className="mono small" title={g.exceptionClass ?? ''}>{shortClassName(g.exceptionClass)}</td>
                  <td className="small">
                    {g.messageTemplate ?? '—'}
                    {g.rootCause && <div className="muted">root cause: {g.rootCause}</div>}
                  </td>
                  <td className="small">{g.stage ?? '—'}</td>
                  <td className="mono small">{g.connector ?? '—'}</td>
                  <td className="mono small">{g.sourceTopic ?? '—'}</td>
                  <td className="small">{time.format(g.lastSeen)}</td>
                  <td className="mono spark">{textSpark(g.timeline)}</td>
                  <td>
                    <button className="btn small" onClick={(e) => (e.stopPropagation(), setReplay({ kind: 'dlq', topic, selection: { groups: [g.id] }, label: `${formatCount(g.count)} records of this cause` }))} data-testid="replay-group">
                      Replay group…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {current && !transforming && (
          <div className="row">
            <button className="btn small" onClick={() => setTransforming(true)} data-testid="transform-group">Transform…</button>
            <span className="small muted">one fix for every record of this cause: a condition, fields set with CEL or removed, validated with a subject's schema</span>
          </div>
        )}
        {current && transforming && (
          <TransformPanel
            profileId={profileId}
            topic={topic}
            group={current}
            schemaValues={records?.some((r) => SCHEMA_KINDS.has(r.value.kind)) ?? false}
            onReplay={(t) => setReplay({ kind: 'dlq', topic, selection: t.selection, edits: t.edits, label: t.label })}
            onClose={() => setTransforming(false)}
          />
        )}
        {current && (
          <div className="dlq-drill">
            <div className="dlq-records" data-testid="dlq-records">
              {!records && <div className="empty"><span className="spinner" /></div>}
              {records?.map((r) => (
                <button key={`${r.partition}:${r.offset}`} className="dlq-record-row" aria-selected={record === r} onClick={() => setRecord(r)} data-testid="dlq-record" data-offset={r.offset}>
                  <span className="mono">{r.partition}/{r.offset}</span>
                  <span className="small">{time.format(r.timestamp)}</span>
                  <span className="small ellipsis">{r.error.message ?? r.error.exceptionClass ?? '(no error headers)'}</span>
                </button>
              ))}
            </div>
            {record && <DlqRecordPanel record={record} onReplay={(edit) => setReplay({ kind: 'dlq', topic, selection: { records: [{ partition: record.partition, offset: record.offset }] }, edits: edit ? [edit] : [], label: `record ${record.partition}/${record.offset}` })} />}
          </div>
        )}
      </div>
      {replay && <ReplayDialog profileId={profileId} mode={replay} onClose={() => (setReplay(null), void loadReplays())} />}
    </div>
  );
}
