import { useEffect, useRef } from 'react';
import type { CheckResult, ConnectCheck, ConnectionTestEvent, ConnectionTestReport, KafkaCheck, ObjectStoreCheck, RegistryCheck } from '../../../../shared/model/connection-test';

type Part = ConnectionTestEvent['part'];
type Single = Exclude<Part, 'connect'>;
const LABELS: Record<Single, string> = { kafka: 'Kafka', registry: 'Schema registry', objectStore: 'Object store' };

function facts(part: Part, info: unknown): string {
  if (part === 'kafka') {
    const k = info as KafkaCheck;
    const brokers = k.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(', ');
    return `cluster ${k.clusterId} · controller ${k.controllerId ?? '—'} · ${k.brokers.length} broker(s): ${brokers}${k.version ? ` · ${k.version}` : ''}`;
  }
  if (part === 'registry') {
    const r = info as RegistryCheck;
    return `${r.subjects} subject(s)${r.mode ? ` · mode ${r.mode}` : ''}`;
  }
  if (part === 'connect') {
    const c = info as ConnectCheck;
    return `Kafka Connect ${c.version} at ${c.worker} · cluster ${c.kafkaClusterId} · ${c.connectors} connector(s) · ${c.plugins} plugin(s)${c.notes.length ? ` · ${c.notes.join('; ')}` : ''}`;
  }
  const o = info as ObjectStoreCheck;
  return `${o.location} · read ${o.canRead ? 'yes' : 'no'} · write ${o.canWrite ? 'yes' : 'no'}`;
}

function Row(props: { part: Part; label: string; result: CheckResult<unknown> | undefined; testId: string }) {
  const { result } = props;
  return (
    <div className="part" data-testid={props.testId}>
      <b>{props.label}</b>
      <div>
        {!result && (
          <span className="muted">
            <span className="spinner" /> testing…
          </span>
        )}
        {result?.ok && (
          <>
            <span className="ok">OK</span> <span className="facts">{facts(props.part, result.info)}</span>
          </>
        )}
        {result && !result.ok && (
          <>
            <span className="err">{result.error?.code}</span> <span>{result.error?.message}</span>
          </>
        )}
      </div>
      <span className="muted mono">{result ? `${result.ms} ms` : ''}</span>
    </div>
  );
}

/** The test's results below the form's buttons, scrolled into view as they start and as each part answers. */
export function TestReportView(props: { report: ConnectionTestReport | null; running: Part[]; error: string | null }) {
  const { report, running } = props;
  const parts = (['kafka', 'registry', 'objectStore'] as Single[]).filter((p) => running.includes(p) || report?.[p]);
  const box = useRef<HTMLDivElement>(null);
  const answered = parts.filter((p) => report?.[p]).length + (report?.connect?.length ?? 0);
  const shown = parts.length > 0 || running.includes('connect') || Boolean(report?.connect);
  useEffect(() => {
    if (shown || props.error) box.current?.scrollIntoView({ block: 'nearest' });
  }, [shown, answered, props.error]);
  return (
    <div ref={box} className="report-anchor">
      {props.error ? (
        <div className="banner error" data-testid="test-error">{props.error}</div>
      ) : (
        shown && (
          <div className="report" data-testid="test-report">
            {parts.map((part) => (
              <Row key={part} part={part} label={LABELS[part]} result={report?.[part] as CheckResult<KafkaCheck | RegistryCheck | ObjectStoreCheck> | undefined} testId={`test-${part}`} />
            ))}
            {report?.connect?.map((c) => <Row key={c.cluster} part="connect" label={`Connect: ${c.cluster}`} result={c} testId="test-connect" />)}
            {!report && running.includes('connect') && <Row part="connect" label="Kafka Connect" result={undefined} testId="test-connect" />}
          </div>
        )
      )}
    </div>
  );
}
