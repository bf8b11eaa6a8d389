import { useTimeFormat } from '../stores/time-zone-store';
import { TIME_EXAMPLE } from './time-format';
import './time-input.css';

/**
 * A time typed as ISO text in the chosen zone (24-hour, the zone shown beside it), checked as you type;
 * the owner parses it with useTimeFormat().parse when acting. Replaces the locale-dependent datetime-local.
 */
export function TimeInput(props: { value: string; onChange: (text: string) => void; onEnter?: () => void; testId?: string; title?: string; optional?: boolean }) {
  const { zoneName, parse } = useTimeFormat();
  let problem: string | null = null;
  if (props.value.trim()) {
    try {
      parse(props.value);
    } catch (e) {
      problem = (e as Error).message;
    }
  }
  return (
    <span className="time-input">
      <input
        type="text"
        className={`mono${problem ? ' invalid' : ''}`}
        placeholder={props.optional ? `${TIME_EXAMPLE} (empty: now)` : TIME_EXAMPLE}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && props.onEnter?.()}
        title={problem ?? props.title ?? `YYYY-MM-DD HH:mm:ss[.SSS] in ${zoneName}; or with its own zone (Z, +02:00); or @epoch-ms`}
        aria-invalid={problem !== null}
        data-testid={props.testId}
      />
      <span className="zone muted small" data-testid={props.testId ? `${props.testId}-zone` : undefined}>
        {zoneName}
      </span>
    </span>
  );
}
