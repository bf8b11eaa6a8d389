import { useState } from 'react';
import type { SnapshotView, TableView } from '../../../../shared/model/lake';
import { coreClient } from '../../stores/core-store';
import { useLake } from '../../stores/lake-store';
import { ResultGrid } from '../../components/ResultGrid';
import { rowsOf, type Rows } from '../../components/arrow-rows';
import { SnapshotPicker } from './SnapshotPicker';
import { diffSql } from './diff-sql';

/** Rows added, removed (and changed, by chosen key columns) between two snapshots. */
export function DiffTab(props: { view: TableView; snapshots: SnapshotView[] }) {
  const { view, snapshots } = props;
  const specOf = useLake((s) => s.specOf);
  const open = useLake((s) => s.open);
  const ordered = [...snapshots].sort((a, b) => a.timestampMs - b.timestampMs);
  const [from, setFrom] = useState<bigint | null>(ordered.at(-2)?.snapshotId ?? null);
  const [to, setTo] = useState<bigint | null>(ordered.at(-1)?.snapshotId ?? null);
  const [keys, setKeys] = useState<string[]>([]);
  const [result, setResult] = useState<{ rows: Rows; note?: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    if (from === null || to === null || !open) return setError('Choose two snapshots');
    setBusy(true);
    setError(null);
    try {
      // Each snapshot reads with its own schema: compare over the columns both have.
      const catalog = specOf(open.catalogId);
      const [a, b] = await Promise.all([from, to].map((snapshotId) => coreClient().call('lake.preview', { catalog, table: view.id, at: { snapshotId }, limit: 1 })));
      const theirs = new Set(b!.columns.map((c) => c.name));
      const common = a!.columns.map((c) => c.name).filter((n) => theirs.has(n));
      const skipped = [...a!.columns, ...b!.columns].map((c) => c.name).filter((n) => !common.includes(n));
      const r = await coreClient().call('lake.sql', { catalog, sql: diffSql(view.id, from, to, common, keys.filter((k) => common.includes(k))), limit: 10_000 });
      const notes = [r.note, skipped.length ? `not compared (in one snapshot only): ${[...new Set(skipped)].join(', ')}` : undefined].filter(Boolean);
      setResult({ rows: rowsOf(r), ...(notes.length ? { note: notes.join(' · ') } : {}) });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const counts = result ? result.rows.rows.reduce<Record<string, number>>((m, r) => ((m[String(r[0])] = (m[String(r[0])] ?? 0) + 1), m), {}) : null;
  return (
    <div className="lake-pane">
      <div className="toolbar wrap">
        <span className="muted">from</span>
        <SnapshotPicker snapshots={snapshots} value={from} onChange={setFrom} allowCurrent={false} testId="diff-from" />
        <span className="muted">to</span>
        <SnapshotPicker snapshots={snapshots} value={to} onChange={setTo} allowCurrent={false} testId="diff-to" />
        <details>
          <summary className="muted">match rows by key {keys.length ? `(${keys.join(', ')})` : ''}</summary>
          {view.schema.map((f) => (
            <label key={f.id} style={{ display: 'block' }}>
              <input type="checkbox" checked={keys.includes(f.name)} onChange={(e) => setKeys(e.target.checked ? [...keys, f.name] : keys.filter((k) => k !== f.name))} /> {f.name}
            </label>
          ))}
        </details>
        <button className="btn primary" onClick={() => void run()} disabled={busy} data-testid="diff-run">
          {busy ? 'Comparing…' : 'Compare'}
        </button>
        {counts && (
          <span className="small" data-testid="diff-counts">
            {Object.entries(counts).map(([k, n]) => `${n.toLocaleString('en-US')} ${k}`).join(' · ') || 'no differences'}
            {result?.note ? ` · ${result.note}` : ''}
          </span>
        )}
      </div>
      {error && <div className="banner error">{error}</div>}
      {result && <ResultGrid data={result.rows} testId="diff-grid" />}
    </div>
  );
}
