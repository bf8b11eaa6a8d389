import type { SnapshotView } from '../../../../shared/model/lake';
import { formatBytes, formatCount } from '../../components/number-format';
import { useTimeFormat } from '../../stores/time-zone-store';
import { describeChanges, niceTicks, sizeSeries } from './snapshot-model';

const W = 680;
const H = 150;
const LEFT = 56;
const RIGHT = 16;
const TOP = 10;
const BOTTOM = 34;

/**
 * Records after each snapshot, oldest to newest (one dot each, evenly spaced): a y axis with round ticks, the first
 * and last snapshot's time under the x axis, and a dot's time, records and size on hover.
 */
function SizeChart(props: { snapshots: SnapshotView[] }) {
  const time = useTimeFormat();
  const points = sizeSeries(props.snapshots).filter((p) => p.records !== null);
  if (points.length < 2) return null;
  const ticks = niceTicks(Math.max(...points.map((p) => p.records ?? 0)));
  const top = ticks.at(-1)!;
  const x = (i: number) => LEFT + (i * (W - LEFT - RIGHT)) / (points.length - 1);
  const y = (v: number) => TOP + (1 - v / top) * (H - TOP - BOTTOM);
  const first = points[0]!;
  const last = points.at(-1)!;
  return (
    <svg width={W} height={H} role="img" aria-label={`Records after each snapshot: ${formatCount(last.records ?? 0)} now, from ${formatCount(first.records ?? 0)} at the first of ${points.length}`} className="size-chart" data-testid="size-chart">
      {ticks.map((t) => (
        <g key={t} className="tick" data-testid="size-chart-tick">
          <line x1={LEFT} x2={W - RIGHT} y1={y(t)} y2={y(t)} className="grid-line" />
          <text x={LEFT - 6} y={y(t) + 4} textAnchor="end">
            {formatCount(t)}
          </text>
        </g>
      ))}
      <line x1={LEFT} y1={TOP} x2={LEFT} y2={H - BOTTOM} className="axis" />
      <line x1={LEFT} y1={H - BOTTOM} x2={W - RIGHT} y2={H - BOTTOM} className="axis" />
      <text x={LEFT} y={H - BOTTOM + 14} className="tick-label" data-testid="size-chart-first">
        {time.formatWithZone(first.timestampMs)}
      </text>
      <text x={W - RIGHT} y={H - BOTTOM + 14} textAnchor="end" className="tick-label" data-testid="size-chart-last">
        {time.formatWithZone(last.timestampMs)}
      </text>
      <text x={(LEFT + W - RIGHT) / 2} y={H - 4} textAnchor="middle" className="tick-label">
        snapshots, oldest → newest · records in the table after each
      </text>
      <polyline points={points.map((p, i) => `${x(i)},${y(p.records ?? 0)}`).join(' ')} fill="none" stroke="var(--accent)" strokeWidth="2" />
      {points.map((p, i) => (
        <circle key={String(p.snapshotId)} cx={x(i)} cy={y(p.records ?? 0)} r="3.5" fill="var(--accent)">
          <title>{`${time.formatWithZone(p.timestampMs)} · ${formatCount(p.records ?? 0)} records · ${formatBytes(p.bytes)} · ${String(p.snapshotId)}`}</title>
        </circle>
      ))}
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
