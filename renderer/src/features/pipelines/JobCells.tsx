import type { LandStatus } from '../../../../shared/model/land';
import type { LandJobView } from '../../../../shared/rpc/land-contract';
import { formatCount } from '../../components/number-format';
import { useTimeFormat } from '../../stores/time-zone-store';
import { lagText, stateOf } from './job-format';

/** A job's state as a coloured badge; the reason (paused, failed) beside it when `withReason`. */
export function StateBadge(props: { job: Pick<LandJobView, 'running' | 'status'>; withReason?: boolean }) {
  const state = stateOf(props.job);
  const reason = props.job.status?.reason;
  return (
    <span className="job-state">
      <span className={`badge state-${state.replace(' ', '-')}`} data-testid="job-state" title={reason ?? undefined}>
        {state}
      </span>
      {props.withReason && reason && (
        <span className="job-reason small" title={reason} data-testid="job-reason">
          {reason}
        </span>
      )}
    </span>
  );
}

export function LagText(props: { status: LandStatus | null }) {
  return <span data-testid="job-lag">{props.status ? lagText(props.status) : '—'}</span>;
}

export function ThroughputText(props: { status: LandStatus | null }) {
  // A job that is not running lands nothing: its last rate would mislead.
  if (!props.status || props.status.state !== 'running') return <span data-testid="job-throughput">—</span>;
  return <span data-testid="job-throughput">{formatCount(props.status.recordsPerSec)} rec/s</span>;
}

/** Snapshot id, time, records and files of the job's last commit into the table. */
export function LastCommit(props: { status: LandStatus | null; compact?: boolean }) {
  const time = useTimeFormat();
  const commit = props.status?.lastCommit;
  if (!commit) return <span className="muted">no commit yet</span>;
  return (
    <span className="last-commit" data-testid="job-last-commit">
      <span className="mono" title="Snapshot id">
        {commit.snapshotId}
      </span>
      {props.compact ? <br /> : ' · '}
      <span className="muted">
        <span className="when">{time.formatWithZone(commit.atMs)}</span> · {formatCount(commit.records)} record{commit.records === 1 ? '' : 's'} · {formatCount(commit.files)} file{commit.files === 1 ? '' : 's'}
      </span>
    </span>
  );
}
