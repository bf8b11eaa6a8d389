import { create } from 'zustand';
import { formatTime, formatTimeWithZone, localizeTimes, parseTime, zoneName, type TimeZoneMode } from '../components/time-format';

const KEY = 'floe.timeZone';

function initialZone(): TimeZoneMode {
  return localStorage.getItem(KEY) === 'local' ? 'local' : 'utc';
}

interface TimeZoneState {
  zone: TimeZoneMode;
  toggle(): void;
}

/** UTC or local time for every time Floe shows or reads; remembered per user (this browser profile). */
export const useTimeZone = create<TimeZoneState>((set, get) => ({
  zone: initialZone(),
  toggle: () => {
    const zone = get().zone === 'utc' ? 'local' : 'utc';
    localStorage.setItem(KEY, zone);
    set({ zone });
  },
}));

/** The chosen zone's formatters and parser, for components (re-renders when the zone changes). */
export function useTimeFormat() {
  const zone = useTimeZone((s) => s.zone);
  return {
    zone,
    zoneName: zoneName(zone),
    format: (ms: number) => formatTime(ms, zone),
    formatWithZone: (ms: number) => formatTimeWithZone(ms, zone),
    parse: (text: string) => parseTime(text, zone),
    /** A message that names ISO-8601 UTC instants, with them in this format and zone. */
    localize: (text: string) => localizeTimes(text, zone),
  };
}
