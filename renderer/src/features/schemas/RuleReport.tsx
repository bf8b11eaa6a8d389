import type { RuleTestReport } from '../../../../shared/model/contracts';

const where = (x: { partition?: number; offset?: number; index?: number }) => (x.index !== undefined ? `#${x.index}` : `${x.partition}/${x.offset}`);
const shown = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));

/** A rule test's outcome: counts per rule, the records the schema cannot read, every failing record with the fields its rule read, what transforms changed. */
export function RuleReport({ report }: { report: RuleTestReport }) {
  const { records } = report;
  const broken = report.rules.reduce((n, r) => n + r.failed + r.errors + (r.invalid ? 1 : 0), 0) + records.undecodable.length;
  return (
    <div className="rule-report" data-testid="rule-report">
      <div className={`compat-verdict ${broken ? 'err' : 'ok'}`} data-testid="rule-verdict">
        {broken ? `${broken} problem(s)` : 'every record passes every rule'} · {records.read} record(s) read, {records.decoded} decoded with this schema · {report.ms} ms
      </div>
      {report.notes.map((n) => (
        <div key={n} className="banner warn small">
          {n}
        </div>
      ))}
      {report.rules.length > 0 && (
        <table className="grid compact" data-testid="rule-summary">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Type</th>
              <th>Mode</th>
              <th className="num">Tested</th>
              <th className="num">Passed</th>
              <th className="num">Failed</th>
              <th className="num">Errors</th>
              <th>In production</th>
            </tr>
          </thead>
          <tbody>
            {report.rules.map((r) => (
              <tr key={r.name} className={r.invalid || r.failed || r.errors ? 'err' : undefined}>
                <td className="mono" title={r.expr}>
                  {r.name}
                </td>
                <td>{r.kind === 'TRANSFORM' ? `${r.type} transform` : r.type}</td>
                <td>{r.mode}</td>
                {r.skipped ? (
                  <td colSpan={4} className={r.invalid ? 'err small' : 'muted small'}>
                    {r.invalid ? 'invalid' : 'not run'}: {r.skipped}
                  </td>
                ) : (
                  <>
                    <td className="num">{r.tested}</td>
                    <td className="num">{r.passed}</td>
                    <td className="num">{r.failed}</td>
                    <td className="num">{r.errors}</td>
                  </>
                )}
                <td className="small muted">
                  {r.onFailure ? `on failure ${r.onFailure}` : ''}
                  {r.notApplicable ? `${r.notApplicable} record(s) of a version it does not migrate` : ''}
                  {r.changed ? `${r.onFailure || r.notApplicable ? ' · ' : ''}${r.changed} record(s) changed` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.rules
        .filter((r) => r.example)
        .map((r) => (
          <div key={r.name} className="small" data-testid="migration-example">
            <b>{r.name}</b> made record <span className="mono">{where(r.example!)}</span> into <code className="mono">{JSON.stringify(r.example!.value)}</code>
          </div>
        ))}
      {records.undecodable.length > 0 && (
        <div data-testid="rule-undecodable">
          <b className="err">Records this schema cannot read</b>
          <ul className="findings">
            {records.undecodable.map((u) => (
              <li key={where(u)}>
                <span className="mono">{where(u)}</span> {u.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {report.failures.length > 0 && (
        <table className="grid compact" data-testid="rule-failures">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Record</th>
              <th>Outcome</th>
              <th>Fields read</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {report.failures.map((f, i) => (
              <tr key={i}>
                <td className="mono">{f.rule}</td>
                <td className="mono">{where(f)}</td>
                <td className={f.outcome === 'failed' ? 'err' : 'warn'}>{f.outcome}</td>
                <td className="mono small">{f.fields.map((x) => `${x.path} = ${x.value === undefined ? '(missing)' : JSON.stringify(x.value)}`).join(', ')}</td>
                <td className="small">{f.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.transforms.length > 0 && (
        <table className="grid compact" data-testid="rule-transforms">
          <thead>
            <tr>
              <th>Transform</th>
              <th>Record</th>
              <th>Fields changed (before → after)</th>
            </tr>
          </thead>
          <tbody>
            {report.transforms.map((t, i) => (
              <tr key={i}>
                <td className="mono">{t.rule}</td>
                <td className="mono">{where(t)}</td>
                <td className="mono small">{t.changes.map((c) => `${c.path}: ${shown(c.before)} → ${shown(c.after)}`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.truncated && <div className="muted small">More records failed or were changed: the lists are cut, the counts above are complete.</div>}
    </div>
  );
}
