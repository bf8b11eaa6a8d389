import { useEffect, useState } from 'react';
import type { SnapshotView } from '../../../../shared/model/lake';
import { useLake } from '../../stores/lake-store';
import { ResultGrid } from '../../components/ResultGrid';
import { rowsOf, type Rows } from '../../components/arrow-rows';
import { SnapshotPicker } from './SnapshotPicker';
import { snapshotRows } from './snapshot-model';

/** The first rows of any snapshot, deletes applied, as the engine sees them. */
export function PreviewTab(props: { snapshots: SnapshotView[]; currentId: bigint | null; snapshotId: bigint | null; onSnapshot: (id: bigint | null) => void }) {
  const preview = useLake((s) => s.preview);
  const [data, setData] = useState<{ rows: Rows; note?: string; ms: number; files?: string } | null>(null);
  const [filterText, setFilterText] = useState('');
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [limit, setLimit] = useState(100);
  const shownId = props.snapshotId ?? props.currentId;
  const shown = props.snapshots.find((s) => s.snapshotId === shownId);
  const held = shown ? snapshotRows(shown.summary) : null;

  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    preview(props.snapshotId, limit, filter || undefined, abort.signal).then(
      (r) =>
        !abort.signal.aborted &&
        setData({ rows: rowsOf(r), ...(r.note ? { note: r.note } : {}), ms: r.elapsedMs, ...(r.filesTotal !== undefined ? { files: `${r.filesScanned} of ${r.filesTotal} data files read` } : {}) }),
      (e: Error) => !abort.signal.aborted && setError(e.message),
    );
    return () => abort.abort();
  }, [preview, props.snapshotId, limit, filter]);

  return (
    <div className="lake-pane">
      <div className="toolbar">
        <SnapshotPicker snapshots={props.snapshots} value={props.snapshotId} onChange={props.onSnapshot} testId="preview-snapshot" />
        <select value={limit} onChange={(e) => setLimit(Number(e.target.value))} style={{ width: 110 }}>
          {[100, 1000, 10000].map((n) => (
            <option key={n} value={n}>
              first {n.toLocaleString('en-US')}
            </option>
          ))}
        </select>
        <input
          type="text"
          className="mono"
          placeholder="filter, e.g. category = 'a' AND ts >= '2024-01-02'   (Enter)"
          value={filterText}
          onChange={(e) => setFilterText(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && setFilter(filterText.trim())}
          style={{ maxWidth: 420 }}
          data-testid="preview-filter"
        />
      </div>
      {data && (
        <div className="preview-meta muted small" data-testid="preview-meta">
          {data.rows.rows.length.toLocaleString('en-US')} row(s) in {Math.round(data.ms)} ms{held ? ` · the snapshot holds ${held.text}` : ''}{data.files ? ` · ${data.files}` : ''}{data.note ? ` · ${data.note}` : ''}
        </div>
      )}
      {error && <div className="banner error" data-testid="preview-error">{error}</div>}
      {data && <ResultGrid data={data.rows} testId="preview-grid" />}
    </div>
  );
}
