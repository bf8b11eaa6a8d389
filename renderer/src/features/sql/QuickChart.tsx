import { useState } from 'react';
import { cellText, type Rows } from '../../components/arrow-rows';
import { numericColumns } from './result-export';

const MAX_BARS = 50;

/** A bar chart of one numeric column against a label column, over the first rows of a result. */
export function QuickChart(props: { data: Rows }) {
  const { data } = props;
  const numeric = numericColumns(data);
  const [y, setY] = useState(numeric[0] ?? -1);
  const [x, setX] = useState(data.columns.findIndex((_, i) => !numeric.includes(i)));
  if (numeric.length === 0) return <p className="muted small">No numeric column to chart.</p>;
  const rows = data.rows.slice(0, MAX_BARS);
  const values = rows.map((r) => Number(r[y] ?? 0));
  const max = Math.max(...values.map(Math.abs), 1);
  const W = 720;
  const barH = 18;
  return (
    <div className="quick-chart" data-testid="quick-chart">
      <div className="row small">
        <label>
          label <select value={x} onChange={(e) => setX(Number(e.target.value))}>
            <option value={-1}>row number</option>
            {data.columns.map((c, i) => <option key={c.name} value={i}>{c.name}</option>)}
          </select>
        </label>
        <label>
          value <select value={y} onChange={(e) => setY(Number(e.target.value))}>
            {numeric.map((i) => <option key={i} value={i}>{data.columns[i]?.name}</option>)}
          </select>
        </label>
        {data.rows.length > MAX_BARS && <span className="muted">first {MAX_BARS} rows</span>}
      </div>
      <svg width={W} height={rows.length * (barH + 4) + 4} role="img" aria-label={`${data.columns[y]?.name} by ${x < 0 ? 'row' : data.columns[x]?.name}`}>
        {rows.map((r, i) => {
          const v = values[i] ?? 0;
          const w = (Math.abs(v) / max) * (W - 260);
          return (
            <g key={i} transform={`translate(0, ${i * (barH + 4) + 2})`}>
              <text x="150" y={barH - 5} fontSize="11" textAnchor="end" fill="var(--muted)">
                {(x < 0 ? String(i + 1) : cellText(r[x] ?? null)).slice(0, 24)}
              </text>
              <rect x="156" width={Math.max(1, w)} height={barH} fill={v < 0 ? 'var(--err)' : 'var(--accent)'} rx="2" />
              <text x={162 + w} y={barH - 5} fontSize="11" fill="var(--text)">
                {cellText(r[y] ?? null)}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
