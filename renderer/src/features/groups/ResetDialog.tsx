import { useState } from 'react';
import type { ResetPlan, ResetTarget } from '../../../../shared/model/groups';
import { coreClient } from '../../stores/core-store';
import { useAction } from '../../components/use-action';
import { useTimeFormat } from '../../stores/time-zone-store';
import { TimeInput } from '../../components/TimeInput';
import { formatCount, formatCountOr, parseWholeNumber } from '../../components/number-format';
import { Dialog, DialogActions } from '../../components/Dialog';

type Kind = ResetTarget['kind'];

/** Reset a group's offsets for a topic or one partition: preview (dry run) first, then apply. */
export function ResetDialog(props: { profileId: string; groupId: string; topic: string; partition?: number; onClose: () => void }) {
  const [kind, setKind] = useState<Kind>('earliest');
  const [arg, setArg] = useState('');
  const [plan, setPlan] = useState<ResetPlan | null>(null);
  const { busy, problem, run: act } = useAction();
  const time = useTimeFormat();

  const target = (): ResetTarget => {
    if (kind === 'earliest' || kind === 'latest') return { kind };
    if (kind === 'timestamp') return { kind, timestamp: time.parse(arg) };
    const t = arg.trim();
    const n = t.startsWith('-') ? -parseWholeNumber(t.slice(1)) : parseWholeNumber(t.replace(/^\+/, ''));
    if (!Number.isInteger(n) || (kind === 'offset' && n < 0)) throw new Error(kind === 'offset' ? 'Enter an offset ≥ 0' : 'Enter a whole number (negative moves back)');
    return kind === 'offset' ? { kind, offset: n } : { kind, by: n };
  };

  const run = async (dryRun: boolean) => {
    const result = await act(() => coreClient().call('groups.resetOffsets', { profileId: props.profileId, groupId: props.groupId, topic: props.topic, ...(props.partition !== undefined ? { partition: props.partition } : {}), to: target(), dryRun }));
    if (result) setPlan(result);
  };

  return (
    <Dialog
      title={`Reset ${props.groupId} on ${props.topic}${props.partition !== undefined ? ` partition ${props.partition}` : ' (all partitions)'}`}
      label="Reset offsets"
      className="wide"
      testId="reset-dialog"
      onClose={props.onClose}
    >
      <div className="row">
        <select value={kind} onChange={(e) => (setKind(e.target.value as Kind), setArg(''), setPlan(null))} style={{ width: 160 }} data-testid="reset-kind">
          <option value="earliest">earliest</option>
          <option value="latest">latest</option>
          <option value="offset">offset</option>
          <option value="timestamp">timestamp</option>
          <option value="shift">shift by N</option>
        </select>
        {(kind === 'offset' || kind === 'shift') && <input type="text" value={arg} onChange={(e) => (setArg(e.target.value), setPlan(null))} placeholder={kind === 'shift' ? '-100' : 'offset'} style={{ width: 140 }} data-testid="reset-arg" />}
        {kind === 'timestamp' && <TimeInput value={arg} onChange={(text) => (setArg(text), setPlan(null))} testId="reset-arg" />}
        <button className="btn" onClick={() => void run(true)} disabled={busy} data-testid="reset-preview">
          Preview
        </button>
        <button className="btn primary" onClick={() => void run(false)} disabled={busy || !plan || plan.applied} data-testid="reset-apply" title={plan ? '' : 'Preview first'}>
          Apply
        </button>
      </div>
      {problem && (
        <div className="banner error small" data-testid="reset-error">
          {problem}
        </div>
      )}
      {plan && (
        <>
          <p className={plan.applied ? 'ok' : 'muted'} data-testid="reset-status">
            {plan.applied ? 'Applied: the group now starts from these offsets.' : 'Dry run: nothing changed yet.'}
          </p>
          <table className="grid" data-testid="reset-plan">
            <thead>
              <tr>
                <th className="num">Partition</th>
                <th className="num">Current</th>
                <th className="num">New</th>
                <th className="num">Low</th>
                <th className="num">High</th>
                <th>Note</th>
              </tr>
            </thead>
            <tbody>
              {plan.rows.map((r) => (
                <tr key={r.partition}>
                  <td className="num">{r.partition}</td>
                  <td className="num">{formatCountOr(r.current)}</td>
                  <td className="num">{formatCount(r.target)}</td>
                  <td className="num">{formatCount(r.low)}</td>
                  <td className="num">{formatCount(r.high)}</td>
                  <td className="small muted">{r.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <DialogActions>
        <button className="btn" onClick={props.onClose}>
          Close
        </button>
      </DialogActions>
    </Dialog>
  );
}
