import type { SnapshotView } from '../../../../shared/model/lake';
import { formatBytes, formatCount } from '../../components/number-format';
import { useTimeFormat } from '../../stores/time-zone-store';
import { describeChanges, sizeSeries } from './snapshot-model';

function SizeChart(props: { snapshots: SnapshotView[] }) {
  const time = useTimeFormat();
  const points = sizeSeries(props.snapshots).filter((p) => p.records !== null);
  if (points.length < 2) return null;
  const W = 640;
  const H = 120;
  const max = Math.max(...points.map((p) => p.records ?? 0), 1);
  const x = (i: number) => 30 + (i * (W - 40)) / (points.length - 1);
  const y = (v: number) => H - 20 - (v / max) * (H - 30);
  return (
    <svg width={W} height={H} role="img" aria-label="Records after each snapshot" className="size-chart" data-testid="size-chart">
      <polyline points={points.map((p, i) => `${x(i)},${y(p.records ?? 0)}`).join(' ')} fill="none" stroke="var(--accent)" strokeWidth="2" />
      {points.map((p, i) => (
        <circle key={String(p.snapshotId)} cx={x(i)} cy={y(p.records ?? 0)} r="3" fill="var(--accent)">
          <title>{`${time.formatWithZone(p.timestampMs)} · ${formatCount(p.records ?? 0)} records · ${formatBytes(p.bytes)}`}</title>
        </circle>
      ))}
      <text x="2" y="12" fontSize="11" fill="var(--muted)">
        {formatCount(max)} records
      </text>
    </svg>
  );
}

/** Every snapshot, newest first: operation, time, what it changed, refs; pick one to preview. */
export function SnapshotsTab(props: { snapshots: SnapshotView[]; current: bigint | null; onPreview: (id: bigint) => void }) {
  const rows = [...props.snapshots].sort((a, b) => b.timestampMs - a.timestampMs);
  const time = useTimeFormat();
  return (
    <div className="tab-body">
      <SizeChart snapshots={props.snapshots} />
      <table className="grid" data-testid="snapshots-table">
        <thead>
          <tr>
            <th>Snapshot</th>
            <th title={`Times in ${time.zoneName}`}>Time ({time.zone === 'utc' ? 'UTC' : 'local'})</th>
            <th>Operation</th>
            <th>Changes</th>
            <th className="num">Records</th>
            <th className="num">Size</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={String(s.snapshotId)} className={s.snapshotId === props.current ? 'override' : undefined} data-testid="snapshot-row">
              <td className="mono small">
                {String(s.snapshotId)} {s.refs.map((r) => <span className="badge" key={r}>{r}</span>)}
              </td>
              <td className="mono small" title={time.formatWithZone(s.timestampMs)}>{time.format(s.timestampMs)}</td>
              <td>{s.operation ?? '—'}</td>
              <td className="small">{describeChanges(s.summary)}</td>
              <td className="num">{s.summary['total-records'] ? formatCount(Number(s.summary['total-records'])) : '—'}</td>
              <td className="num">{s.summary['total-files-size'] ? formatBytes(Number(s.summary['total-files-size'])) : '—'}</td>
              <td>
                <button className="btn small" onClick={() => props.onPreview(s.snapshotId)} data-testid="snapshot-preview">
                  Preview
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
