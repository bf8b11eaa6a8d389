import type { TableHealth } from '../../../../shared/model/maintain';
import { formatAge } from '../../../../shared/maintain-units';
import { formatBytes, formatCount } from '../../components/number-format';

const percent = (r: number) => `${(r * 100).toFixed(r > 0 && r < 0.01 ? 1 : 0)}%`;

/** One health figure: a name, its value, and a line of context. */
function Figure(props: { name: string; value: string; note?: string; figure: string; warn?: boolean }) {
  return (
    <div className={`health-figure${props.warn ? ' warn-figure' : ''}`} data-testid="health-figure" data-figure={props.figure}>
      <div className="small muted">{props.name}</div>
      <div className="health-value" data-testid={`health-${props.figure}`}>
        {props.value}
      </div>
      {props.note && <div className="small muted">{props.note}</div>}
    </div>
  );
}

/** A table's health as maintenance sees it (files, deletes, snapshots, manifests) and what Floe suggests doing. */
export function HealthPanel(props: { health: TableHealth | null; loading: boolean; error: string | null; onRefresh: () => void }) {
  const h = props.health;
  const suggested = new Set(h?.suggestions.map((s) => s.operation));
  return (
    <section className="card" data-testid="table-health">
      <div className="row">
        <b>Health</b>
        {props.loading && <span className="spinner" />}
        <div style={{ flex: 1 }} />
        <button className="btn small" onClick={props.onRefresh} disabled={props.loading} data-testid="health-refresh">
          Refresh
        </button>
      </div>
      {props.error && (
        <div className="banner error" data-testid="health-error">
          {props.error}
        </div>
      )}
      {h && (
        <>
          <div className="health-figures">
            <Figure figure="data-files" name="Data files" value={formatCount(h.dataFiles)} note={formatBytes(h.dataBytes)} />
            <Figure figure="small-files" name="Small files" value={formatCount(h.smallFiles)} note={`under ${formatBytes(h.targetFileBytes * 0.75)}`} warn={suggested.has('compact') && h.smallFiles > 0} />
            <Figure figure="avg-file-size" name="Average file size" value={formatBytes(h.avgFileBytes)} note={`target ${formatBytes(h.targetFileBytes)}`} />
            <Figure figure="delete-files" name="Delete files" value={formatCount(h.deleteFiles)} note={`${percent(h.deleteFileRatio)} of data files · ${percent(h.deletedRowRatio)} of rows deleted`} />
            <Figure figure="snapshots" name="Snapshots" value={formatCount(h.snapshots)} note={h.oldestSnapshotAgeMs === null ? 'none yet' : `oldest ${formatAge(h.oldestSnapshotAgeMs)} old`} warn={suggested.has('expire')} />
            <Figure figure="manifests" name="Manifests" value={formatCount(h.manifests)} note="in the current snapshot" warn={suggested.has('rewrite-manifests')} />
          </div>
          {h.suggestions.length === 0 ? (
            <p className="ok small" data-testid="health-suggestions">
              Nothing to suggest: files, snapshots and manifests are within Floe’s thresholds.
            </p>
          ) : (
            <ul className="health-suggestions" data-testid="health-suggestions">
              {h.suggestions.map((s) => (
                <li key={s.operation} data-testid="health-suggestion" data-operation={s.operation}>
                  <b>Suggest {s.operation}:</b> {s.why}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
