import { useEffect, useState } from 'react';
import type { ConnectorAction } from '../../../../shared/model/connect';
import { ConfirmByName } from '../../components/ConfirmByName';
import { useAction } from '../../components/use-action';
import { coreClient } from '../../stores/core-store';
import { connectTarget, useConnect } from '../../stores/connect-store';
import { useDlq } from '../../stores/dlq-store';
import { useNav } from '../../stores/nav-store';
import { ConnectorConfig } from './ConnectorConfig';
import { ConnectorOffsets } from './ConnectorOffsets';
import { ConnectorTasks } from './ConnectorTasks';
import { simpleClass, StateBadge } from './ConnectStates';

const REFRESH_MS = 3000;

/** One connector: state, tasks with their traces in full, config (secrets masked), offsets, and what can be done to it. */
export function ConnectorPage(props: { profileId: string; name: string }) {
  const { profileId, name } = props;
  const { detail, detailError, open, load } = useConnect();
  const openTopic = useNav((s) => s.openTopic);
  const go = useNav((s) => s.go);
  const action = useAction();
  const [deleting, setDeleting] = useState(false);
  const [notes, setNotes] = useState<string[]>([]);

  useEffect(() => {
    void open(profileId, name);
    const timer = setInterval(() => void open(profileId, name), REFRESH_MS);
    return () => clearInterval(timer);
  }, [profileId, name, open]);

  const back = () => {
    void open(profileId, null);
    void load(profileId);
  };
  const act = (what: ConnectorAction, includeTasks = false, onlyFailed = false) =>
    action.run(async () => {
      const result = await coreClient().call('connect.action', { ...connectTarget(profileId), name, action: what, includeTasks, onlyFailed });
      setNotes(result.notes);
      await open(profileId, name);
    });
  const onDelete = async () => {
    const result = await action.run(() => coreClient().call('connect.delete', { ...connectTarget(profileId), name, confirm: name }));
    if (result) {
      setDeleting(false);
      back();
    }
  };
  const openDlq = (topic: string) => {
    go('dlq');
    void useDlq.getState().open(profileId, topic);
  };
  const state = detail?.state ?? '';
  const failedTasks = detail?.tasks.filter((t) => t.state === 'FAILED').length ?? 0;

  return (
    <div className="page">
      <div className="page-head">
        <button className="btn small" onClick={back} data-testid="back-to-connectors">
          ← Connectors
        </button>
        <h1 className="mono" data-testid="connector-title">{name}</h1>
        {detail && <StateBadge state={state} testId="connector-state" />}
        <div style={{ flex: 1 }} />
        {action.busy && <span className="spinner" />}
        {state === 'PAUSED' || state === 'STOPPED' ? (
          <button className="btn" onClick={() => void act('resume')} disabled={action.busy} data-testid="connector-resume">Resume</button>
        ) : (
          <button className="btn" onClick={() => void act('pause')} disabled={action.busy || !detail} data-testid="connector-pause">Pause</button>
        )}
        <button className="btn" onClick={() => void act('stop')} disabled={action.busy || state === 'STOPPED' || !detail} title="Stops the connector and its tasks (offsets can then be reset)" data-testid="connector-stop">Stop</button>
        <button className="btn" onClick={() => void act('restart', true, true)} disabled={action.busy || !detail || (failedTasks === 0 && state !== 'FAILED')} title="Restarts the connector if it failed and only its failed tasks" data-testid="connector-restart-failed">
          Restart failed{failedTasks > 0 ? ` (${failedTasks})` : ''}
        </button>
        <button className="btn" onClick={() => void act('restart', true, false)} disabled={action.busy || !detail} title="Restarts the connector and all its tasks" data-testid="connector-restart-all">Restart all</button>
        <button className="btn danger" onClick={() => setDeleting(true)} disabled={action.busy} data-testid="connector-delete">Delete…</button>
      </div>
      {(detailError ?? action.problem) && <div className="banner error" data-testid="connector-error">{action.problem ?? detailError}</div>}
      {[...notes, ...(detail?.notes ?? [])].map((n) => <div key={n} className="banner warn">{n}</div>)}
      {!detail && !detailError && <div className="empty"><span className="spinner" /> Loading {name}…</div>}
      {detail && (
        <div className="page-body connector-body">
          <dl className="connector-facts">
            <dt>Type</dt>
            <dd>{detail.type}</dd>
            <dt>Class</dt>
            <dd className="mono" title={detail.className}>{detail.className || '—'} {detail.pluginVersion && <span className="muted">({detail.pluginVersion})</span>}</dd>
            <dt>Worker</dt>
            <dd className="mono">{detail.workerId || '—'}</dd>
            <dt>Topics</dt>
            <dd className="mono">
              {detail.topics === null ? <span className="muted">not tracked</span> : detail.topics.length === 0 ? '—' : detail.topics.map((t) => (
                <button key={t} className="link mono" onClick={() => openTopic(t)} style={{ marginRight: 8 }}>{t}</button>
              ))}
            </dd>
            <dt>Dead letters</dt>
            <dd className="mono">
              {detail.dlqTopic ? <button className="link mono" onClick={() => openDlq(detail.dlqTopic!)} data-testid="connector-dlq">{detail.dlqTopic}</button> : <span className="muted">none configured</span>}
            </dd>
          </dl>
          {detail.trace && (
            <section>
              <h2>Connector failure</h2>
              <pre className="trace" data-testid="connector-trace">{detail.trace}</pre>
            </section>
          )}
          <ConnectorTasks profileId={profileId} detail={detail} onNotes={setNotes} />
          <ConnectorConfig profileId={profileId} detail={detail} />
          <ConnectorOffsets profileId={profileId} detail={detail} onNotes={setNotes} />
          <p className="muted small">Class {simpleClass(detail.className)}; states refresh every {REFRESH_MS / 1000} s.</p>
        </div>
      )}
      {deleting && (
        <ConfirmByName
          title={`Delete connector ${name}?`}
          explain="The connector and its tasks stop and its config is removed from the Connect cluster (its topics and the data it wrote stay)."
          name={name}
          action="Delete connector"
          error={action.problem}
          onCancel={() => setDeleting(false)}
          onConfirm={() => void onDelete()}
        />
      )}
    </div>
  );
}
