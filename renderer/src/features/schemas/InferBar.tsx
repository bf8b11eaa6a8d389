import { useState } from 'react';
import type { InferResult } from '../../../../shared/model/schema-infer';
import { useAction } from '../../components/use-action';
import { coreClient } from '../../stores/core-store';

/** Infers a draft from a topic's newest JSON records and hands it to the editor, with what was guessed or left out. */
export function InferBar(props: { profileId: string; schemaType: 'AVRO' | 'JSON'; defaultTopic: string; onInferred: (schema: string) => void }) {
  // Follows the subject's name (<topic>-value) until the user types a topic of their own.
  const [typed, setTopic] = useState<string | null>(null);
  const topic = typed ?? props.defaultTopic;
  const [result, setResult] = useState<InferResult | null>(null);
  const action = useAction();
  const infer = () =>
    void action.run(async () => {
      const r = await coreClient().call('schemas.infer', { profileId: props.profileId, topic: topic.trim(), last: 500, schemaType: props.schemaType });
      setResult(r);
      props.onInferred(r.schema);
    });
  return (
    <div className="toolbar slim" data-testid="infer-bar">
      <span className="small muted">Infer from the JSON records of</span>
      <input type="text" placeholder="topic" value={topic} onChange={(e) => setTopic(e.target.value)} style={{ width: 200 }} data-testid="infer-topic" />
      <button className="btn small" onClick={infer} disabled={!topic.trim() || action.busy} data-testid="infer-run">
        {action.busy ? <span className="spinner" /> : 'Infer'}
      </button>
      {action.problem && <span className="err small">{action.problem}</span>}
      {result && (
        <span className="small muted" data-testid="infer-result" title={result.notes.join('\n')}>
          from {result.used} of {result.read} record(s){result.notes.length ? ` · ${result.notes.join(' · ')}` : ''}
        </span>
      )}
    </div>
  );
}
