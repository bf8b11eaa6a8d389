/** A tiny line chart of numbers over time (no axes): the shape of lag while a page is open. */
export function Sparkline(props: { values: number[]; width?: number; height?: number; label: string }) {
  const { values, width = 220, height = 40 } = props;
  if (values.length < 2) return <span className="muted small">collecting samples…</span>;
  const max = Math.max(...values, 1);
  const step = width / (values.length - 1);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`).join(' ');
  return (
    <svg width={width} height={height} role="img" aria-label={props.label} className="sparkline">
      <polyline points={points} fill="none" stroke="var(--accent)" strokeWidth="1.5" />
    </svg>
  );
}
