import { formatDuration } from '../../../../shared/maintain-units';
import type { LandJobView } from '../../../../shared/rpc/land-contract';
import { formatBytes } from '../../components/number-format';
import { useAction } from '../../components/use-action';
import { usePipelines } from '../../stores/pipelines-store';
import { useTimeFormat } from '../../stores/time-zone-store';

const OPERATION = { compact: 'Compaction', 'rewrite-manifests': 'Manifest rewrite', expire: 'Snapshot expiry', orphans: 'Orphan removal' } as const;

/** The job's own table maintenance: its schedule, on or off, and what each operation last did. */
export function JobMaintenance(props: { job: LandJobView }) {
  const { job } = props;
  const m = job.spec.maintenance;
  const time = useTimeFormat();
  const action = useAction();
  const setMaintenance = usePipelines((s) => s.setMaintenance);
  const runs = Object.values(job.status?.maintenance?.last ?? {}).sort((a, b) => b.atMs - a.atMs);
  return (
    <section className="card" data-testid="job-maintenance">
      <b>Maintenance</b> <span className="muted small">run by the job between its own commits{job.running ? '; a change applies from its next start' : ''}</span>
      <div className="row" style={{ gap: 8, alignItems: 'center', margin: '6px 0' }}>
        <span className={`badge ${m.enabled ? 'state-running' : 'state-stopped'}`} data-testid="job-maintenance-state">
          {m.enabled ? 'on' : 'off'}
        </span>
        <button className="btn small" disabled={action.busy} onClick={() => void action.run(() => setMaintenance(job.id, { ...m, enabled: !m.enabled }))} data-testid="job-maintenance-toggle">
          {m.enabled ? 'Turn off' : 'Turn on'}
        </button>
        {action.problem && <span className="small" style={{ color: 'var(--err)' }}>{action.problem}</span>}
      </div>
      {m.enabled && (
        <dl className="job-settings" data-testid="job-maintenance-schedule">
          <dt>Compact</dt>
          <dd>
            every {formatDuration(m.compactEveryMs)}, or once {m.compactFiles} data files came{m.targetFileBytes ? ` (files of ${formatBytes(m.targetFileBytes)})` : ''}
          </dd>
          <dt>Manifests</dt>
          <dd>rewritten past {m.maxManifests}</dd>
          <dt>Expire</dt>
          <dd>
            every {formatDuration(m.expireEveryMs)}: snapshots older than {formatDuration(m.expireOlderThanMs)}, keeping the last {m.retainLast} and the job’s offsets
          </dd>
          <dt>Orphans</dt>
          <dd>
            every {formatDuration(m.orphansEveryMs)}: unreferenced files older than {formatDuration(m.orphansOlderThanMs)}
          </dd>
        </dl>
      )}
      {runs.length === 0 ? (
        <p className="muted small" data-testid="job-maintenance-none">
          Nothing has run yet.
        </p>
      ) : (
        <table className="grid" data-testid="job-maintenance-runs">
          <thead>
            <tr>
              <th>Operation</th>
              <th>Last run</th>
              <th>Result</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.operation} data-testid="job-maintenance-run" data-operation={r.operation}>
                <td>{OPERATION[r.operation]}</td>
                <td className="small">
                  {time.formatWithZone(r.atMs)} <span className="muted">({(r.durationMs / 1000).toFixed(1)} s)</span>
                </td>
                <td style={r.ok ? undefined : { color: 'var(--err)' }}>{r.ok ? r.message : `Failed: ${r.message}`}</td>
                <td className="muted small">{r.why}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
