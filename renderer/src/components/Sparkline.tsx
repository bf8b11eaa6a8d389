import { useState, type MouseEvent } from 'react';
import { formatCount } from './number-format';
import './sparkline.css';

export interface Sample {
  at: number;
  value: number;
}

const W = 300;
const H = 54;
const LEFT = 44;
const RIGHT = 8;
const TOP = 6;
const BOTTOM = 16;

/** "42 s" / "3 min" / "5 h": how long ago a sample was, for the time axis. */
export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  return s < 90 * 60 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

/**
 * A small chart of a number over time with its scale: the y axis from 0 to the largest value, the time
 * span on the x axis, the last value named beside it, and the value and time of the nearest sample on hover.
 */
export function Sparkline(props: { samples: Sample[]; label: string; unit: string; formatTime: (ms: number) => string; testId?: string }) {
  const { samples } = props;
  const [hover, setHover] = useState<number | null>(null);
  if (samples.length < 2)
    return (
      <span className="muted small" data-testid={props.testId}>
        {props.label}: collecting samples…
      </span>
    );
  const max = Math.max(...samples.map((s) => s.value), 1);
  const first = samples[0]!.at;
  const span = Math.max(1, samples.at(-1)!.at - first);
  const x = (at: number) => LEFT + ((at - first) / span) * (W - LEFT - RIGHT);
  const y = (v: number) => TOP + (1 - v / max) * (H - TOP - BOTTOM);
  const points = samples.map((s) => `${x(s.at).toFixed(1)},${y(s.value).toFixed(1)}`).join(' ');
  const last = samples.at(-1)!;
  const shown = hover === null ? null : samples[hover]!;
  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const at = first + ((e.clientX - box.left - LEFT) / (W - LEFT - RIGHT)) * span;
    let best = 0;
    samples.forEach((s, i) => Math.abs(s.at - at) < Math.abs(samples[best]!.at - at) && (best = i));
    setHover(best);
  };
  return (
    <span className="sparkline-box" data-testid={props.testId}>
      <span className="muted small">{props.label}</span>
      <svg width={W} height={H} role="img" aria-label={`${props.label}: ${formatCount(last.value)} ${props.unit} now, at most ${formatCount(max)} in the last ${ago(span)}`} className="sparkline" onMouseMove={onMove} onMouseLeave={() => setHover(null)}>
        <line x1={LEFT} y1={TOP} x2={LEFT} y2={H - BOTTOM} className="axis" />
        <line x1={LEFT} y1={H - BOTTOM} x2={W - RIGHT} y2={H - BOTTOM} className="axis" />
        <text x={LEFT - 4} y={TOP + 8} textAnchor="end" className="tick">
          {formatCount(max)}
        </text>
        <text x={LEFT - 4} y={H - BOTTOM} textAnchor="end" className="tick">
          0
        </text>
        <text x={LEFT} y={H - 3} className="tick">
          −{ago(span)}
        </text>
        <text x={W - RIGHT} y={H - 3} textAnchor="end" className="tick">
          now
        </text>
        <polyline points={points} fill="none" stroke="var(--accent)" strokeWidth="1.5" />
        <circle cx={x(last.at)} cy={y(last.value)} r="2.5" fill="var(--accent)" />
        {shown && (
          <>
            <line x1={x(shown.at)} y1={TOP} x2={x(shown.at)} y2={H - BOTTOM} className="cursor" />
            <circle cx={x(shown.at)} cy={y(shown.value)} r="3" fill="var(--accent)" />
          </>
        )}
      </svg>
      <span className="sparkline-value mono" data-testid={props.testId ? `${props.testId}-value` : undefined}>
        {shown ? (
          <>
            {formatCount(shown.value)} <span className="muted small">{props.unit} at {props.formatTime(shown.at)}</span>
          </>
        ) : (
          <>
            {formatCount(last.value)} <span className="muted small">{props.unit} now</span>
          </>
        )}
      </span>
    </span>
  );
}
