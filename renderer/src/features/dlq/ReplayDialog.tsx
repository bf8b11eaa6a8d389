import { useState } from 'react';
import type { DlqSelection } from '../../../../shared/model/dlq';
import { isCrossCluster, replayGuarantee, type RecordEdit, type ReplayJob, type ReplayPlan, type ReplaySource, type ReplaySpec } from '../../../../shared/model/replay';
import { Dialog, DialogActions } from '../../components/Dialog';
import { formatCount } from '../../components/number-format';
import { useAction } from '../../components/use-action';
import { useConnections } from '../../stores/connections-store';
import { coreClient } from '../../stores/core-store';
import { useTimeFormat } from '../../stores/time-zone-store';

/** `partition` may come filled in (a consumer group's partition, from its committed offset). */
export type ReplayMode = { kind: 'dlq'; topic: string; selection: Partial<DlqSelection>; edits?: RecordEdit[]; label: string } | { kind: 'partition'; topic?: string; partition?: number; from?: number };

const whole = (name: string, text: string): number => {
  if (!/^\d+$/.test(text.trim())) throw new Error(`${name}: enter a whole number`);
  return Number(text.trim());
};

/**
 * Replays dead letters (back to their source topic, or to another) or one partition of any topic: a dry run
 * first lists what would go where; the replay then runs as a job, exactly once, with its progress.
 */
export function ReplayDialog(props: { profileId: string; mode: ReplayMode; onClose(): void }) {
  const { mode } = props;
  const [target, setTarget] = useState('');
  const [targetProfile, setTargetProfile] = useState(props.profileId);
  const profiles = useConnections((s) => s.profiles);
  const [rate, setRate] = useState('');
  const preset = mode.kind === 'partition' ? mode : null;
  const [topic, setTopic] = useState(preset?.topic ?? '');
  const [partition, setPartition] = useState(String(preset?.partition ?? 0));
  const [from, setFrom] = useState(preset?.from === undefined ? '' : String(preset.from));
  const [until, setUntil] = useState('');
  const [plan, setPlan] = useState<ReplayPlan | null>(null);
  const [job, setJob] = useState<ReplayJob | null>(null);
  const { busy, problem, run } = useAction();
  const time = useTimeFormat();

  const source = (): ReplaySource => {
    if (mode.kind === 'dlq') return { kind: 'dlq', topic: mode.topic, selection: { range: { kind: 'all' }, ...mode.selection } };
    if (!topic.trim()) throw new Error('Name the topic to replay');
    const p = whole('Partition', partition);
    const bound = (text: string): { offset: number } | { time: number } | undefined => {
      if (text.trim() === '') return undefined;
      if (/^\d+$/.test(text.trim())) return { offset: Number(text.trim()) };
      return { time: time.parse(text) };
    };
    const a = bound(from);
    const b = bound(until);
    if (a && b && 'time' in a !== 'time' in b) throw new Error('From and until must both be offsets or both be times');
    if ((a && 'time' in a) || (b && 'time' in b)) return { kind: 'partition', topic: topic.trim(), partition: p, range: { kind: 'time', from: a && 'time' in a ? a.time : 0, ...(b && 'time' in b ? { to: b.time } : {}) } };
    const key = String(p);
    return { kind: 'partition', topic: topic.trim(), partition: p, range: { kind: 'offsets', ...(a ? { from: { [key]: a.offset } } : {}), ...(b ? { to: { [key]: b.offset } } : {}) } };
  };
  const spec = (): ReplaySpec => {
    if (mode.kind === 'partition' && !target.trim()) throw new Error('Name the target topic');
    return {
      profileId: props.profileId,
      source: source(),
      target: { ...(target.trim() ? { topic: target.trim() } : {}), partitioning: 'original', ...(targetProfile !== props.profileId ? { profileId: targetProfile } : {}) },
      edits: mode.kind === 'dlq' ? (mode.edits ?? []) : [],
      ...(rate.trim() ? { rate: whole('Rate', rate) } : {}),
    };
  };
  const dryRun = () => run(async () => setPlan(await coreClient().stream('replay.plan', { ...spec(), limit: 50 }, () => undefined)));
  const replay = () =>
    run(async () => {
      const created = await coreClient().call('replay.create', spec());
      setJob(created);
      setJob(await coreClient().stream('replay.run', { id: created.id }, setJob));
    });
  const changed = () => (setPlan(null), setJob(null));
  const guarded = { profileId: props.profileId, target: { profileId: targetProfile } };
  const cross = isCrossCluster(guarded);
  const p = job?.progress;

  return (
    <Dialog title={mode.kind === 'dlq' ? `Replay ${mode.label} of ${mode.topic}` : 'Replay a partition'} label="Replay" className="wide" testId="replay-dialog" onClose={props.onClose}>
      {mode.kind === 'partition' && (
        <div className="row">
          <input type="text" value={topic} onChange={(e) => (setTopic(e.target.value), changed())} placeholder="topic" data-testid="replay-topic" />
          <input type="text" value={partition} onChange={(e) => (setPartition(e.target.value), changed())} placeholder="partition" style={{ width: 80 }} data-testid="replay-partition-number" />
          <input type="text" value={from} onChange={(e) => (setFrom(e.target.value), changed())} placeholder="from offset or time" data-testid="replay-from" />
          <input type="text" value={until} onChange={(e) => (setUntil(e.target.value), changed())} placeholder="until (exclusive), else the end" data-testid="replay-until" />
        </div>
      )}
      <div className="row">
        <input type="text" value={target} onChange={(e) => (setTarget(e.target.value), changed())} placeholder={mode.kind === 'dlq' ? 'target topic (empty: back to each source topic)' : 'target topic'} style={{ flex: 1 }} data-testid="replay-target" />
        <input type="text" value={rate} onChange={(e) => (setRate(e.target.value), changed())} placeholder="records/s (no limit)" style={{ width: 150 }} data-testid="replay-rate" />
      </div>
      {mode.kind === 'dlq' && mode.edits?.length === 1 && <p className="small">With your edit of record {mode.edits[0]!.partition}/{mode.edits[0]!.offset} (validated and encoded when the replay is created).</p>}
      {mode.kind === 'dlq' && (mode.edits?.length ?? 0) > 1 && <p className="small" data-testid="replay-edits">With the transform's {formatCount(mode.edits!.length)} fixed values (validated and encoded when the replay is created).</p>}
      <div className="row">
        <label className="small" htmlFor="replay-target-cluster" style={{ whiteSpace: 'nowrap' }}>to cluster</label>
        <select id="replay-target-cluster" value={targetProfile} onChange={(e) => (setTargetProfile(e.target.value), changed())} data-testid="replay-target-cluster">
          {profiles.map((p) => <option key={p.id} value={p.id}>{p.name}{p.id === props.profileId ? ' (this cluster)' : ''}</option>)}
        </select>
      </div>
      <p className={`small ${cross ? 'warn' : 'muted'}`} data-testid="replay-guarantee">Error headers are removed and floe.replay.* provenance headers added. {replayGuarantee(guarded)}</p>
      {problem && <div className="banner error small" data-testid="replay-error">{problem}</div>}
      {plan && !job && (
        <div data-testid="replay-plan">
          <p className="small">
            Dry run: <strong>{formatCount(plan.selected)}</strong> {plan.selected === 1 ? 'record' : 'records'} would be sent ({formatCount(plan.skipped)} read and not selected); nothing was sent.
          </p>
          <table className="grid">
            <thead>
              <tr><th>Source</th><th>Target</th><th>Key</th><th>Value</th><th /></tr>
            </thead>
            <tbody>
              {plan.sends.map((s) => (
                <tr key={`${s.source.partition}:${s.source.offset}`}>
                  <td className="mono small">{s.source.partition}/{s.source.offset}</td>
                  <td className="mono small">{s.target.topic}/{s.target.partition}</td>
                  <td className="mono small">{s.key ?? 'null'}</td>
                  <td className="mono small ellipsis">{s.value ?? 'null'}</td>
                  <td className="small">{s.edited ? 'edited' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {plan.problems.map((x) => <div key={`${x.source.partition}:${x.source.offset}`} className="small err">{x.source.partition}/{x.source.offset}: {x.message}</div>)}
        </div>
      )}
      {job && p && (
        <div data-testid="replay-progress">
          <progress max={Math.max(1, p.total)} value={p.read} style={{ width: '100%' }} />
          <p className={job.status === 'done' ? 'ok' : job.status === 'running' ? '' : 'err'} data-testid="replay-status">
            {job.status === 'done' ? `Done: ${formatCount(p.sent)} ${p.sent === 1 ? 'record' : 'records'} sent ${cross ? 'effectively once, to another cluster' : 'exactly once'} (replay ${job.id}).` : `${job.status}: ${formatCount(p.sent)} sent, ${formatCount(p.read)}/${formatCount(p.total)} read${p.recordsPerSec ? `, ${formatCount(p.recordsPerSec)} records/s` : ''}`}
          </p>
          {job.report.targets.map((t) => <div key={`${t.topic}/${t.partition}`} className="small mono">{t.topic}/{t.partition}: {formatCount(t.count)} at offsets {t.first}…{t.last}</div>)}
        </div>
      )}
      <DialogActions>
        <button className="btn" onClick={props.onClose}>{job?.status === 'done' ? 'Close' : 'Cancel'}</button>
        {job?.status === 'running' && <button className="btn danger" onClick={() => void coreClient().call('replay.cancel', { id: job.id })} data-testid="replay-stop">Stop</button>}
        <button className="btn" onClick={() => void dryRun()} disabled={busy || job !== null} data-testid="replay-dry-run">Dry run</button>
        <button className="btn primary" onClick={() => void replay()} disabled={busy || job !== null} data-testid="replay-run">{busy && job ? <span className="spinner" /> : 'Replay'}</button>
      </DialogActions>
    </Dialog>
  );
}
