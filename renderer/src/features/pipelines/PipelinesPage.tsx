import { useEffect, useState } from 'react';
import { useNav } from '../../stores/nav-store';
import { usePipelines } from '../../stores/pipelines-store';
import { errorsText, modeText, tableName } from './job-format';
import { LagText, LastCommit, StateBadge, ThroughputText } from './JobCells';
import { JobPage } from './JobPage';
import { NewLandingPage } from './NewLandingPage';
import './pipelines.css';

/** Landing jobs: each keeps a topic as an Iceberg table. A list with live status; open one, or start a new landing. */
export function PipelinesPage() {
  const { pipeline, openPipeline } = useNav();
  const { jobs, loading, error, watchError, load, watch } = usePipelines();
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  if (creating) return <NewLandingPage onClose={(id) => (setCreating(false), id && openPipeline(id))} />;
  const open = pipeline ? jobs?.find((j) => j.id === pipeline) : undefined;
  if (pipeline && open) return <JobPage job={open} />;

  return (
    <div className="page">
      <div className="page-head">
        <h1>Pipelines</h1>
        <span className="meta">{jobs ? `${jobs.length} landing job(s)` : ''}</span>
        <div style={{ flex: 1 }} />
        <button className="btn" onClick={() => void load()} disabled={loading} data-testid="pipelines-refresh">
          {loading ? <span className="spinner" /> : 'Refresh'}
        </button>
        <button className="btn primary" onClick={() => setCreating(true)} data-testid="new-landing">
          New landing…
        </button>
      </div>
      {error && <div className="banner error">{error}</div>}
      {watchError && <div className="banner warn">Live status stopped: {watchError}. Refresh to see the latest.</div>}
      {pipeline && jobs && !open && <div className="banner warn">That landing job no longer exists.</div>}
      <div className="page-body tab-body">
        {jobs && jobs.length === 0 && (
          <div className="empty">
            <h2>No landing jobs</h2>
            <p>
              A landing job keeps a topic as an Iceberg table, exactly once. Start one with <b>New landing…</b>, or on a server with <code>floe land create</code>.
            </p>
          </div>
        )}
        {jobs && jobs.length > 0 && (
          <table className="grid jobs" data-testid="jobs-table">
            <thead>
              <tr>
                <th>Job</th>
                <th>State</th>
                <th>Mode</th>
                <th>Topic → table</th>
                <th className="num">Lag</th>
                <th className="num">Throughput</th>
                <th>Last commit</th>
                <th>Bad records</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id} onClick={() => openPipeline(j.id)} style={{ cursor: 'pointer' }} data-testid="job-row" data-job={j.spec.name}>
                  <td className="mono nowrap">{j.spec.name}</td>
                  <td>
                    <StateBadge job={j} withReason />
                  </td>
                  <td>{modeText(j.spec, j.status)}</td>
                  <td className="mono small">
                    {j.spec.topic} → {tableName(j.spec)}
                  </td>
                  <td className="num nowrap">
                    <LagText status={j.status} />
                  </td>
                  <td className="num nowrap">
                    <ThroughputText status={j.status} />
                  </td>
                  <td className="small">
                    <LastCommit status={j.status} compact />
                  </td>
                  <td className="small" data-testid="job-errors">
                    {j.status ? errorsText(j.status.errors) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
