import { useState } from 'react';
import type { SnapshotDiff, SnapshotView, TableView } from '../../../../shared/model/lake';
import { coreClient } from '../../stores/core-store';
import { useAction } from '../../components/use-action';
import { useLake } from '../../stores/lake-store';
import { ResultGrid } from '../../components/ResultGrid';
import { rowsOf, type Rows } from '../../components/arrow-rows';
import { SnapshotPicker } from './SnapshotPicker';
import { diffDefaults } from './snapshot-model';

/** Rows added, removed (and changed, by chosen key columns) between two snapshots: the core's lake.diff. */
export function DiffTab(props: { view: TableView; snapshots: SnapshotView[] }) {
  const { view, snapshots } = props;
  const specOf = useLake((s) => s.specOf);
  const open = useLake((s) => s.open);
  const [defaults] = useState(() => diffDefaults(view, snapshots));
  const [from, setFrom] = useState<bigint | null>(defaults.from);
  const [to, setTo] = useState<bigint | null>(defaults.to);
  const [keys, setKeys] = useState<string[]>(defaults.keys);
  const [result, setResult] = useState<{ rows: Rows; counts: SnapshotDiff['counts']; note?: string } | null>(null);
  const { busy, problem: error, setProblem: setError, run: act } = useAction();

  const run = async () => {
    if (from === null || to === null || !open) return setError('Choose two snapshots');
    await act(async () => {
      const diff = await coreClient().call('lake.diff', { catalog: specOf(open.catalogId), table: view.id, from, to, keys, limit: 10_000 });
      const notes = [
        diff.rows.note,
        diff.renamed.length ? `renamed: ${diff.renamed.map((r) => `${r.from} → ${r.to}`).join(', ')}` : undefined,
        diff.skipped.length ? `not compared (only in the ${diff.skipped.map((c) => `${c.side} snapshot: ${c.name}`).join('; ')})` : undefined,
      ].filter(Boolean);
      setResult({ rows: rowsOf(diff.rows), counts: diff.counts, ...(notes.length ? { note: notes.join(' · ') } : {}) });
    });
  };

  const counts = result ? Object.entries(result.counts).filter(([, n]) => n > 0) : null;
  return (
    <div className="lake-pane">
      <div className="toolbar wrap">
        <span className="muted">from</span>
        <SnapshotPicker snapshots={snapshots} value={from} onChange={setFrom} allowCurrent={false} testId="diff-from" />
        <span className="muted">to</span>
        <SnapshotPicker snapshots={snapshots} value={to} onChange={setTo} allowCurrent={false} testId="diff-to" />
        <details>
          <summary className="muted" data-testid="diff-keys">match rows by key {keys.length ? `(${keys.join(', ')})` : ''}</summary>
          {view.schema.map((f) => (
            <label key={f.id} style={{ display: 'block' }}>
              <input type="checkbox" data-testid="diff-key" data-field={f.name} checked={keys.includes(f.name)} onChange={(e) => setKeys(e.target.checked ? [...keys, f.name] : keys.filter((k) => k !== f.name))} /> {f.name}
              {view.identifierFields.includes(f.name) && <span className="badge">identifier</span>}
            </label>
          ))}
        </details>
        <button className="btn primary" onClick={() => void run()} disabled={busy} data-testid="diff-run">
          {busy ? 'Comparing…' : 'Compare'}
        </button>
        {counts && (
          <span className="small" data-testid="diff-counts">
            {counts.map(([k, n]) => `${n.toLocaleString('en-US')} ${k}`).join(' · ') || 'no differences'}
            {result?.note ? ` · ${result.note}` : ''}
          </span>
        )}
      </div>
      {error && <div className="banner error">{error}</div>}
      {result && <ResultGrid data={result.rows} testId="diff-grid" />}
    </div>
  );
}
