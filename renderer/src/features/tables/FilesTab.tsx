import { useEffect, useState } from 'react';
import type { DataFileView, SnapshotView } from '../../../../shared/model/lake';
import { useLake } from '../../stores/lake-store';
import { formatBytes } from '../../components/number-format';
import { SnapshotPicker } from './SnapshotPicker';

/** The live data and delete files of a snapshot, with sizes, record counts and partition values. */
export function FilesTab(props: { snapshots: SnapshotView[]; snapshotId: bigint | null; onSnapshot: (id: bigint | null) => void }) {
  const files = useLake((s) => s.files);
  const [rows, setRows] = useState<DataFileView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    files(props.snapshotId).then(
      (r) => live && setRows(r),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [files, props.snapshotId]);
  const total = rows?.reduce((s, f) => s + f.sizeBytes, 0) ?? 0;
  return (
    <div className="tab-body">
      <div className="row" style={{ marginBottom: 8 }}>
        <SnapshotPicker snapshots={props.snapshots} value={props.snapshotId} onChange={props.onSnapshot} />
        {rows && <span className="muted small">{rows.length} file(s) · {formatBytes(total)}</span>}
      </div>
      {error && <div className="banner error">{error}</div>}
      {rows && (
        <table className="grid" data-testid="files-table">
          <thead>
            <tr>
              <th>File</th>
              <th>Content</th>
              <th className="num">Records</th>
              <th className="num">Size</th>
              <th>Partition</th>
              <th className="num">Seq</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => (
              <tr key={f.path}>
                <td className="mono small" title={f.path}>
                  {f.path.split('/').slice(-1)[0]}
                </td>
                <td className={f.content === 'data' ? undefined : 'warn'}>{f.content}</td>
                <td className="num">{f.recordCount.toLocaleString('en-US')}</td>
                <td className="num">{formatBytes(f.sizeBytes)}</td>
                <td className="mono small">{Object.keys(f.partition).length ? JSON.stringify(f.partition) : '—'}</td>
                <td className="num">{String(f.sequenceNumber)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
