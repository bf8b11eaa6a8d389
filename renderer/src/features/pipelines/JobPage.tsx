import { useEffect, useState } from 'react';
import { deadLetterTopicOf } from '../../../../shared/model/land';
import type { LandJobView } from '../../../../shared/rpc/land-contract';
import { ConfirmByName } from '../../components/ConfirmByName';
import { Sparkline } from '../../components/Sparkline';
import { formatCount } from '../../components/number-format';
import { useAction } from '../../components/use-action';
import { useConnections } from '../../stores/connections-store';
import { useNav } from '../../stores/nav-store';
import { usePipelines } from '../../stores/pipelines-store';
import { useTimeFormat } from '../../stores/time-zone-store';
import { errorsText, modeText, tableName } from './job-format';
import { openJobTable, openJobTopic, tablesRoomCatalog, triageJobDeadLetters } from './job-links';
import { LagText, LastCommit, StateBadge, ThroughputText } from './JobCells';
import { JobMaintenance } from './JobMaintenance';
import { JobSettings } from './JobSettings';
import { WherePanel } from './WherePanel';
import { ExportDialog } from './ExportDialog';

/** One landing job: live status, per partition the topic's end beside what the table holds, start/stop/delete, and where an offset landed. */
export function JobPage(props: { job: LandJobView }) {
  const { job } = props;
  const { spec, status } = job;
  const openPipeline = useNav((s) => s.openPipeline);
  const { start, stop, remove, loadHistory } = usePipelines();
  const samples = usePipelines((s) => s.samples[job.id]) ?? [];
  const profile = useConnections((s) => s.profiles.find((p) => p.id === spec.profileId));
  const time = useTimeFormat();
  const action = useAction();
  const [deleting, setDeleting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [wherePartition, setWherePartition] = useState<number | null>(null);
  const dlq = deadLetterTopicOf(spec);
  const partitions = status?.partitions ?? [];

  useEffect(() => {
    void loadHistory(job.id).catch(() => undefined);
  }, [job.id, loadHistory]);

  const onDelete = async () => {
    const done = await action.run(async () => (await remove(job.id), true));
    if (done) openPipeline(null);
  };

  return (
    <div className="page">
      <div className="page-head">
        <button className="btn small" onClick={() => openPipeline(null)} data-testid="back-to-pipelines">
          ← Pipelines
        </button>
        <h1 className="mono" data-testid="job-title">
          {spec.name}
        </h1>
        <StateBadge job={job} />
        <div style={{ flex: 1 }} />
        {action.busy && <span className="spinner" />}
        {job.running ? (
          <button className="btn" onClick={() => void action.run(() => stop(job.id))} disabled={action.busy} title="Commits what it staged, then stops" data-testid="job-stop">
            Stop
          </button>
        ) : (
          <button className="btn primary" onClick={() => void action.run(() => start(job.id))} disabled={action.busy} title="Resumes from the offsets committed in the table" data-testid="job-start">
            Start
          </button>
        )}
        <button className="btn" onClick={() => setExporting(true)} title="Export the job as an Apache Iceberg Kafka Connect sink, or deploy it" data-testid="job-export">
          Run on Connect…
        </button>
        <button className="btn danger" onClick={() => setDeleting(true)} disabled={job.running || action.busy} title={job.running ? 'Stop the job first' : 'Delete the job (the table stays)'} data-testid="job-delete">
          Delete…
        </button>
      </div>
      {action.problem && <div className="banner error" data-testid="job-action-error">{action.problem}</div>}
      {status?.reason && (
        <div className={`banner ${status.state === 'failed' ? 'error' : 'warn'}`} data-testid="job-reason-banner">
          {/* A running job has a reason too while it waits for the broker. */}
          {status.state !== 'running' && <b>{status.state[0]!.toUpperCase() + status.state.slice(1)}: </b>}
          {time.localize(status.reason)}
        </div>
      )}
      <div className="page-body tab-body">
        {status?.schemaConflict && (
          <section className="card schema-conflict" data-testid="schema-conflict">
            <b>The new schema cannot be applied to the table</b>
            <div className="side-by-side">
              <div>
                <div className="muted small">Table</div>
                <pre>{status.schemaConflict.table}</pre>
              </div>
              <div>
                <div className="muted small">Incoming</div>
                <pre>{status.schemaConflict.incoming}</pre>
              </div>
            </div>
          </section>
        )}
        <section className="card job-summary">
          <dl>
            <dt>Source</dt>
            <dd>
              <button className="link mono" onClick={() => openJobTopic(spec.profileId, spec.topic)} title="Open its messages" data-testid="job-topic-link">
                {spec.topic}
              </button>{' '}
              <span className="muted small">on {profile?.name ?? spec.profileId}</span>
            </dd>
            <dt>Table</dt>
            <dd>
              {tablesRoomCatalog(spec) ? (
                <button className="link mono" onClick={() => openJobTable(spec)} title="Open it in the Tables room" data-testid="job-table-link">
                  {tableName(spec)}
                </button>
              ) : (
                <span className="mono">{tableName(spec)}</span>
              )}
            </dd>
            <dt>Mode</dt>
            <dd data-testid="job-mode">{modeText(spec, status)}</dd>
            <dt>Lag</dt>
            <dd>
              <LagText status={status} />
            </dd>
            <dt>Throughput</dt>
            <dd>
              <ThroughputText status={status} />
            </dd>
            <dt>Landed</dt>
            <dd data-testid="job-landed">{status ? `${formatCount(status.landedRecords)} record(s) since started` : '—'}</dd>
            <dt>Last commit</dt>
            <dd>
              <LastCommit status={status} />
            </dd>
            <dt>Bad records</dt>
            <dd>
              <span data-testid="job-errors">{status ? errorsText(status.errors) : '—'}</span>
              {dlq && (
                <>
                  {' · dead letters in '}
                  <button className="link mono" onClick={() => openJobTopic(spec.profileId, dlq)} title="Open the dead-letter topic's messages" data-testid="job-dlq-link">
                    {dlq}
                  </button>{' '}
                  <button className="btn small" onClick={() => triageJobDeadLetters(spec.profileId, dlq)} title="Group them by cause, fix and replay them in the Dead letters room" data-testid="job-dlq-triage">
                    Triage…
                  </button>
                </>
              )}
            </dd>
          </dl>
          <div className="job-charts">
            <Sparkline samples={samples.map((s) => ({ at: s.at, value: s.lagRecords }))} label="Lag (records)" unit="records" formatTime={time.formatWithZone} testId="lag-records-chart" />
            <Sparkline samples={samples.map((s) => ({ at: s.at, value: s.lagSeconds }))} label="Lag (seconds)" unit="s" formatTime={time.formatWithZone} testId="lag-seconds-chart" />
            <Sparkline samples={samples.map((s) => ({ at: s.at, value: s.recordsPerSec }))} label="Throughput" unit="rec/s" formatTime={time.formatWithZone} testId="throughput-chart" />
          </div>
          <p className="muted small">One sample per 10 s over the job’s last day of running, kept by the core across restarts.</p>
        </section>
        <section className="card">
          <b>Partitions</b> <span className="muted small">the topic’s end offset beside the offset committed into the table</span>
          {partitions.length === 0 ? (
            <p className="muted">{job.running ? 'Reading the topic’s partitions…' : 'Start the job to see its partitions.'}</p>
          ) : (
            <table className="grid" data-testid="job-partitions">
              <thead>
                <tr>
                  <th className="num">Partition</th>
                  <th className="num" title="The topic's last stable offset (read_committed)">Topic end</th>
                  <th className="num" title="The next offset to land: every offset below it is in a committed snapshot">Committed into the table</th>
                  <th className="num">Lag</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {partitions.map((p) => (
                  <tr key={p.partition} data-testid="job-partition" data-partition={p.partition}>
                    <td className="num">{p.partition}</td>
                    <td className="num">{formatCount(p.endOffset)}</td>
                    <td className="num">{formatCount(p.committedOffset)}</td>
                    <td className="num">{formatCount(p.lag)}</td>
                    <td>
                      <button className="btn small" onClick={() => setWherePartition(p.partition)} title="Ask whether an offset of this partition landed">
                        Where…
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        {partitions.length > 0 && <WherePanel jobId={job.id} partitions={partitions.map((p) => p.partition)} partition={wherePartition} onPartition={setWherePartition} />}
        <JobMaintenance job={job} />
        <JobSettings spec={spec} />
      </div>
      {exporting && <ExportDialog jobId={job.id} profileId={spec.profileId} onClose={() => setExporting(false)} />}
      {deleting && (
        <ConfirmByName
          title={`Delete landing job “${spec.name}”?`}
          explain={`The job and its status are deleted; the table ${tableName(spec)} and its snapshots stay.`}
          name={spec.name}
          action="Delete job"
          error={action.problem}
          onCancel={() => setDeleting(false)}
          onConfirm={() => void onDelete()}
        />
      )}
    </div>
  );
}
