import { useEffect, useState } from 'react';
import type { DlqRecord } from '../../../../shared/model/dlq';
import type { RecordEdit } from '../../../../shared/model/replay';
import { sourceText } from '../../../../shared/dlq-text';
import { useNav } from '../../stores/nav-store';
import { HeadersTable } from '../messages/HeadersTable';
import { prettyPart } from '../messages/message-format';

type Encoding = 'json' | 'string' | 'schema';

/** One dead letter: its error (stack trace folded), where it came from, its original key and value; edit the value and replay it. */
export function DlqRecordPanel(props: { record: DlqRecord; onReplay(edit: RecordEdit | undefined): void }) {
  const { record: r } = props;
  const openTopic = useNav((s) => s.openTopic);
  const openRecord = useNav((s) => s.openRecord);
  const original = prettyPart(r.value, 'json');
  const [value, setValue] = useState(original);
  const [encoding, setEncoding] = useState<Encoding>(r.value.kind === 'json' ? 'json' : r.value.kind === 'avro' || r.value.kind === 'protobuf' ? 'schema' : 'string');
  useEffect(() => setValue(original), [original]);
  const e = r.error;
  const source = e.source?.topic;
  const edited = value !== original;
  const part = encoding === 'schema' ? { encoding, subject: `${source ?? ''}-value`, text: value } : { encoding, text: value };
  const edit: RecordEdit | undefined = edited ? { partition: r.partition, offset: r.offset, value: part } : undefined;

  return (
    <div className="dlq-record" data-testid="dlq-record-panel">
      <div className="dlq-error">
        <div className="mono strong">{e.exceptionClass ?? '(no exception class)'}</div>
        <div>{e.message ?? ''}</div>
        <div className="small muted">
          stage {e.stage ?? '—'} · connector {e.connector ?? '—'}
          {e.className ? ` · in ${e.className}` : ''}
        </div>
        {e.rootCause && <div className="small">root cause <span className="mono">{e.rootCause.exceptionClass}</span>: {e.rootCause.message}</div>}
        {e.problems.map((p) => <div key={p} className="small warn">! {p}</div>)}
        {e.stacktrace && (
          <details>
            <summary className="small">Stack trace ({e.stacktrace.split('\n').length} lines)</summary>
            <pre className="stack">{e.stacktrace}</pre>
          </details>
        )}
        <div className="small" data-testid="dlq-source">
          from{' '}
          {source ? (
            <button
              className="link mono"
              onClick={() => (e.source?.partition != null && e.source.offset != null ? openRecord(source, e.source.partition, e.source.offset) : openTopic(source))}
              title={e.source?.partition != null && e.source.offset != null ? 'Open the source record (says so if retention removed it)' : 'Open the source topic (the error headers name no offset)'}
              data-testid="dlq-source-link"
            >
              {source}/{e.source?.partition ?? '?'}@{e.source?.offset ?? '?'}
            </button>
          ) : (
            '—'
          )}{' '}
          · {sourceText(r.source)}
        </div>
      </div>
      <div className="small muted">key ({r.key.kind})</div>
      <pre className="mono part">{prettyPart(r.key)}</pre>
      <div className="dlq-edit-head">
        <span className="small muted">value ({r.value.kind}{r.value.error ? `: ${r.value.error}` : ''}) — edit it to fix the record</span>
        <select value={encoding} onChange={(ev) => setEncoding(ev.target.value as Encoding)} aria-label="Encode the value as" data-testid="dlq-edit-encoding">
          <option value="json">JSON</option>
          <option value="string">text</option>
          <option value="schema">subject {source ?? '?'}-value</option>
        </select>
      </div>
      <textarea className="mono dlq-value" value={value} onChange={(ev) => setValue(ev.target.value)} rows={6} spellCheck={false} data-testid="dlq-edit-value" />
      <div className="actions">
        <button className="btn primary" onClick={() => props.onReplay(edit)} data-testid="replay-record">
          {edited ? 'Replay fixed record…' : 'Replay record…'}
        </button>
        {edited && <button className="btn" onClick={() => setValue(original)}>Undo edit</button>}
      </div>
      <details>
        <summary className="small">Headers ({r.headers.length})</summary>
        <HeadersTable headers={r.headers} />
      </details>
    </div>
  );
}
