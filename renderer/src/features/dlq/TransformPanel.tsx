import { useState } from 'react';
import type { DlqGroup, DlqSelection } from '../../../../shared/model/dlq';
import type { RecordEdit } from '../../../../shared/model/replay';
import type { GroupTransform, TransformResult } from '../../../../shared/model/replay-transform';
import { formatCount } from '../../components/number-format';
import { useAction } from '../../components/use-action';
import { coreClient } from '../../stores/core-store';

interface Step {
  op: 'set' | 'remove';
  path: string;
  expr: string;
}

/** What to replay once the preview is clean: the group (or only its changed records) with the edits. */
export interface TransformedReplay {
  selection: Partial<DlqSelection>;
  edits: RecordEdit[];
  label: string;
}

/**
 * One fix for a whole cause: a CEL condition, fields set to CEL expressions or removed, encoded as JSON or with a
 * subject's schema. Preview runs the transform over every record of the group (nothing is sent) and shows
 * before → after for the first ones, with each record it cannot fix and why; then the replay dialog dry-runs
 * and sends it.
 */
export function TransformPanel(props: { profileId: string; topic: string; group: DlqGroup; schemaValues: boolean; onReplay(r: TransformedReplay): void; onClose(): void }) {
  const { group } = props;
  const [when, setWhen] = useState('');
  const [steps, setSteps] = useState<Step[]>([{ op: 'set', path: '', expr: '' }]);
  const [useSubject, setUseSubject] = useState(props.schemaValues);
  const [subject, setSubject] = useState(group.sourceTopic ? `${group.sourceTopic}-value` : '');
  const [onlyChanged, setOnlyChanged] = useState(false);
  const [result, setResult] = useState<TransformResult | null>(null);
  const { busy, problem, run } = useAction();

  const changed = () => setResult(null);
  const edit = (i: number, patch: Partial<Step>) => (setSteps(steps.map((s, j) => (j === i ? { ...s, ...patch } : s))), changed());
  const transform = (): GroupTransform => {
    const filled = steps.filter((s) => s.path.trim());
    if (filled.length === 0) throw new Error('Name a field to set or remove');
    if (useSubject && !subject.trim()) throw new Error('Name the subject whose schema encodes the fixed values');
    return {
      ...(when.trim() ? { when: when.trim() } : {}),
      set: filled.filter((s) => s.op === 'set').map((s) => ({ path: s.path.trim(), expr: s.expr })),
      remove: filled.filter((s) => s.op === 'remove').map((s) => s.path.trim()),
      encoding: useSubject ? { kind: 'schema', subject: subject.trim() } : { kind: 'json' },
    };
  };
  const preview = () => run(async () => setResult(await coreClient().call('replay.transform', { profileId: props.profileId, topic: props.topic, selection: { groups: [group.id] }, transform: transform() })));
  const replay = (r: TransformResult) =>
    props.onReplay({
      selection: onlyChanged ? { records: r.edits.map((e) => ({ partition: e.partition, offset: e.offset })) } : { groups: [group.id] },
      edits: r.edits,
      label: onlyChanged ? `the ${formatCount(r.edits.length)} fixed records of this cause` : `${formatCount(r.scanned)} records of this cause (${formatCount(r.edits.length)} fixed)`,
    });

  return (
    <div className="dlq-transform" data-testid="transform-panel">
      <div className="row">
        <strong>Transform {formatCount(group.count)} records of this cause</strong>
        <div style={{ flex: 1 }} />
        <button className="btn small" onClick={props.onClose}>Close</button>
      </div>
      <label className="small muted" htmlFor="transform-when">Only where (CEL over key, value, headers, partition, offset, timestamp; empty: every record)</label>
      <input id="transform-when" type="text" className="mono" value={when} onChange={(e) => (setWhen(e.target.value), changed())} placeholder='value.amount != "n/a"' data-testid="transform-when" />
      <span className="small muted">Change (every expression reads the record as it came)</span>
      {steps.map((s, i) => (
        <div className="row" key={i} data-testid="transform-step">
          <select value={s.op} onChange={(e) => edit(i, { op: e.target.value as Step['op'] })} aria-label="set or remove" data-testid="transform-op">
            <option value="set">set</option>
            <option value="remove">remove</option>
          </select>
          <input type="text" className="mono" value={s.path} onChange={(e) => edit(i, { path: e.target.value })} placeholder="field, e.g. amount or customer.email" style={{ width: 220 }} data-testid="transform-path" />
          {s.op === 'set' && <input type="text" className="mono" value={s.expr} onChange={(e) => edit(i, { expr: e.target.value })} placeholder="CEL, e.g. double(value.amount)" style={{ flex: 1 }} data-testid="transform-expr" />}
          {steps.length > 1 && <button className="btn small" onClick={() => (setSteps(steps.filter((_, j) => j !== i)), changed())} aria-label="remove this change">×</button>}
        </div>
      ))}
      <div className="row">
        <button className="btn small" onClick={() => setSteps([...steps, { op: 'set', path: '', expr: '' }])} data-testid="transform-add">+ change</button>
        <label className="small">
          <input type="checkbox" checked={useSubject} onChange={(e) => (setUseSubject(e.target.checked), changed())} data-testid="transform-use-subject" /> encode and validate with subject
        </label>
        <input type="text" className="mono" value={subject} onChange={(e) => (setSubject(e.target.value), changed())} disabled={!useSubject} style={{ width: 260 }} data-testid="transform-subject" />
        {!useSubject && <span className="small muted">sent as JSON text</span>}
      </div>
      {problem && <div className="banner error small" data-testid="transform-error">{problem}</div>}
      {result && <TransformPreview result={result} />}
      <div className="actions">
        <button className="btn" onClick={() => void preview()} disabled={busy} data-testid="transform-preview">{busy ? <span className="spinner" /> : 'Preview'}</button>
        {result && result.failed === 0 && result.edits.length > 0 && (
          <>
            <label className="small">
              <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} data-testid="transform-only-changed" /> replay only the fixed records (the others stay in the DLQ)
            </label>
            <button className="btn primary" onClick={() => replay(result)} data-testid="transform-replay">Dry run and replay…</button>
          </>
        )}
      </div>
    </div>
  );
}

function TransformPreview({ result: r }: { result: TransformResult }) {
  return (
    <div data-testid="transform-result">
      <p className="small" data-testid="transform-summary">
        {formatCount(r.edits.length)} of {formatCount(r.scanned)} records fixed, {formatCount(r.unchanged)} left as they are by the condition (replayed unchanged)
        {r.failed > 0 && <strong className="err">, {formatCount(r.failed)} cannot be fixed: change the transform or the condition</strong>}. Nothing was sent.
      </p>
      <table className="grid">
        <thead>
          <tr><th>Record</th><th>Before</th><th>After</th></tr>
        </thead>
        <tbody>
          {r.previews.map((p) => (
            <tr key={`${p.partition}:${p.offset}`} data-testid="transform-preview-row">
              <td className="mono small">{p.partition}/{p.offset}</td>
              <td className="mono small ellipsis" title={p.before}>{p.before}</td>
              <td className={`mono small ${p.problem ? 'err' : ''}`}>{p.after ?? p.problem}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.problems.length > r.previews.filter((p) => p.problem).length && <div className="small err">and {formatCount(r.failed - r.previews.filter((p) => p.problem).length)} more records it cannot fix, e.g. {r.problems.at(-1)!.partition}/{r.problems.at(-1)!.offset}: {r.problems.at(-1)!.message}</div>}
    </div>
  );
}
