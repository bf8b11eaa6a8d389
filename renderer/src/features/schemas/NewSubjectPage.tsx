import { useState } from 'react';
import { SchemaType, SubjectName } from '../../../../shared/model/schemas';
import { DraftPanel } from './DraftPanel';
import { TEMPLATES } from './draft-model';
import { InferBar } from './InferBar';
import { typeLabel } from './SchemasPage';

/** A new subject: its name (`<topic>-value` for TopicNameStrategy), its type, a template to start from. */
export function NewSubjectPage(props: { profileId: string; onDone: (created: string | null) => void }) {
  const [subject, setSubject] = useState('');
  const [type, setType] = useState<SchemaType>('AVRO');
  const [inferred, setInferred] = useState<{ text: string; seq: number } | null>(null);
  const nameProblem = subject ? SubjectName.safeParse(subject).error?.issues[0]?.message : undefined;
  return (
    <div className="page">
      <div className="page-head">
        <button className="btn small" onClick={() => props.onDone(null)} data-testid="back-to-schemas">
          ← Schemas
        </button>
        <h1>New subject</h1>
        <input type="text" placeholder="subject, e.g. orders-value" value={subject} onChange={(e) => setSubject(e.target.value)} autoFocus style={{ width: 280 }} data-testid="new-subject-name" />
        <select value={type} onChange={(e) => (setType(e.target.value as SchemaType), setInferred(null))} aria-label="Schema type" data-testid="new-subject-type">
          {SchemaType.options.map((t) => (
            <option key={t} value={t}>
              {typeLabel(t)}
            </option>
          ))}
        </select>
        {nameProblem && <span className="err small">{nameProblem}</span>}
      </div>
      <div className="page-body tab-body">
        {type !== 'PROTOBUF' && (
          <InferBar profileId={props.profileId} schemaType={type} defaultTopic={subject.trim().replace(/-(key|value)$/, '')} onInferred={(text) => setInferred((p) => ({ text, seq: (p?.seq ?? 0) + 1 }))} />
        )}
        <DraftPanel
          key={`${type}-${inferred?.seq ?? 0}`}
          profileId={props.profileId}
          subject={nameProblem ? '' : subject.trim()}
          schemaType={type}
          initial={{ text: inferred?.text ?? TEMPLATES[type], references: [] }}
          onRegistered={() => props.onDone(subject.trim())}
        />
      </div>
    </div>
  );
}
