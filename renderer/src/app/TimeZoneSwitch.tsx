import { useTimeZone } from '../stores/time-zone-store';
import { zoneName } from '../components/time-format';

/** Shows times in UTC or local time everywhere; the choice is remembered. */
export function TimeZoneSwitch() {
  const { zone, toggle } = useTimeZone();
  return (
    <button className="btn small" onClick={toggle} title={`Times are shown and read in ${zoneName(zone)}: click for ${zoneName(zone === 'utc' ? 'local' : 'utc')}`} data-testid="time-zone-toggle">
      Times: {zone === 'utc' ? 'UTC' : 'local'}
    </button>
  );
}
