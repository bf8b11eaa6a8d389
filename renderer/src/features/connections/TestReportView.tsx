import { useEffect, useRef } from 'react';
import type { CheckResult, ConnectionTestReport, KafkaCheck, ObjectStoreCheck, RegistryCheck } from '../../../../shared/model/connection-test';

type Part = 'kafka' | 'registry' | 'objectStore';
const LABELS: Record<Part, string> = { kafka: 'Kafka', registry: 'Schema registry', objectStore: 'Object store' };

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
  const o = info as ObjectStoreCheck;
  return `${o.location} · read ${o.canRead ? 'yes' : 'no'} · write ${o.canWrite ? 'yes' : 'no'}`;
}

/** The test's results below the form's buttons, scrolled into view as they start and as each part answers. */
export function TestReportView(props: { report: ConnectionTestReport | null; running: Part[]; error: string | null }) {
  const { report, running } = props;
  const parts = (['kafka', 'registry', 'objectStore'] as Part[]).filter((p) => running.includes(p) || report?.[p]);
  const box = useRef<HTMLDivElement>(null);
  const answered = parts.filter((p) => report?.[p]).length;
  useEffect(() => {
    if (parts.length > 0 || props.error) box.current?.scrollIntoView({ block: 'nearest' });
  }, [parts.length, answered, props.error]);
  return (
    <div ref={box} className="report-anchor">
      <Report {...props} parts={parts} />
    </div>
  );
}

function Report(props: { report: ConnectionTestReport | null; parts: Part[]; error: string | null }) {
  const { report, parts } = props;
  if (props.error) return <div className="banner error" data-testid="test-error">{props.error}</div>;
  if (parts.length === 0) return null;
  return (
    <div className="report" data-testid="test-report">
      {parts.map((part) => {
        const result = report?.[part] as CheckResult<KafkaCheck | RegistryCheck | ObjectStoreCheck> | undefined;
        return (
          <div className="part" key={part} data-testid={`test-${part}`}>
            <b>{LABELS[part]}</b>
            <div>
              {!result && (
                <span className="muted">
                  <span className="spinner" /> testing…
                </span>
              )}
              {result?.ok && (
                <>
                  <span className="ok">OK</span> <span className="facts">{facts(part, result.info)}</span>
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
      })}
    </div>
  );
}
