import type { CompatibilityReport, SchemaDiff } from '../../../../shared/model/schemas';

/** The verdict: the registry's own messages (under the subject's level) and Floe's explanation, version by version. */
export function CompatibilityView(props: { report: CompatibilityReport }) {
  const r = props.report;
  const verdict = r.newSubject ? 'New subject: nothing to be compatible with' : r.compatible ? 'Compatible' : 'Not compatible';
  return (
    <div className="compat" data-testid="compat-report" data-compatible={r.compatible}>
      <div className={`compat-verdict ${r.compatible ? 'ok' : 'err'}`} data-testid="compat-verdict">
        {verdict}
        {!r.newSubject && (
          <span className="muted small">
            {' '}
            under {r.level} ({r.levelSource === 'what-if' ? 'what if' : r.levelSource === 'global' ? 'the global level' : "the subject's level"}), against version
            {r.compared.length === 1 ? '' : 's'} {r.compared.join(', ') || '—'}
          </span>
        )}
      </div>
      {r.findings.length > 0 && (
        <ul className="findings" data-testid="compat-findings">
          {r.findings.map((f, i) => (
            <li key={i} data-kind={f.kind}>
              <span className="badge">{f.direction}</span> <span className="mono small">{f.path}</span> {f.message}
            </li>
          ))}
        </ul>
      )}
      {r.registry && r.registry.messages.length > 0 && (
        <details open={!r.compatible && r.findings.length === 0}>
          <summary className="small muted">The registry says ({r.registry.messages.length})</summary>
          <ul className="registry-messages" data-testid="registry-messages">
            {r.registry.messages.map((m, i) => (
              <li key={i} className="mono small">
                {m}
              </li>
            ))}
          </ul>
        </details>
      )}
      {r.levelSource === 'what-if' && <p className="muted small">A what-if level is judged by Floe alone: the registry checks only under the subject's own level.</p>}
    </div>
  );
}

/** The field-level summary of a diff: each change and whether it keeps backward and forward compatibility. */
export function DiffSummary(props: { diff: SchemaDiff }) {
  const d = props.diff;
  const mark = (ok: boolean) => <span className={ok ? 'ok' : 'err'}>{ok ? 'yes' : 'no'}</span>;
  return (
    <div data-testid="diff-summary">
      <p className="small">
        Backward compatible: {mark(d.backward)} · forward compatible: {mark(d.forward)} · {d.entries.length} change{d.entries.length === 1 ? '' : 's'}
      </p>
      {d.entries.length > 0 && (
        <table className="grid compact">
          <thead>
            <tr>
              <th>Change</th>
              <th>Where</th>
              <th>Before</th>
              <th>After</th>
              <th>Backward</th>
              <th>Forward</th>
            </tr>
          </thead>
          <tbody>
            {d.entries.map((e, i) => (
              <tr key={i} data-testid="diff-entry" data-change={e.change} title={e.reasons?.join('\n')}>
                <td>{e.change.replace(/-/g, ' ')}</td>
                <td className="mono small">{e.path}</td>
                <td className="mono small">{e.before ?? ''}</td>
                <td className="mono small">{e.after ?? ''}</td>
                <td>{mark(e.backward)}</td>
                <td>{mark(e.forward)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {[...d.backwardProblems.map((p) => ['backward', p]), ...d.forwardProblems.map((p) => ['forward', p])].map(([dir, p], i) => (
        <div key={i} className="small problem">
          <span className="badge">{dir}</span> {p}
        </div>
      ))}
    </div>
  );
}
