/**
 * One time format for every page: ISO-style, 24-hour, milliseconds, in UTC or the local zone as the
 * user chose (time-zone-store). "2024-05-01 10:00:00.123 UTC" / "2024-05-01 15:30:00.123 +05:30".
 */
export type TimeZoneMode = 'utc' | 'local';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The zone's offset from UTC at this instant, in minutes (east positive). */
function offsetMinutes(ms: number, zone: TimeZoneMode): number {
  return zone === 'utc' ? 0 : -new Date(ms).getTimezoneOffset();
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "2024-05-01 10:00:00.123" in the zone, without naming it (a column header or label names it). */
export function formatTime(ms: number, zone: TimeZoneMode): string {
  if (!Number.isFinite(ms)) return String(ms);
  const d = new Date(ms + offsetMinutes(ms, zone) * 60_000);
  if (Number.isNaN(d.getTime())) return String(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** "UTC", or the local offset at this instant ("+05:30"): what follows a time to name its zone. */
export function zoneSuffix(ms: number, zone: TimeZoneMode): string {
  return zone === 'utc' ? 'UTC' : offsetText(offsetMinutes(ms, zone));
}

/** A time with its zone: "2024-05-01 10:00:00.123 UTC". */
export function formatTimeWithZone(ms: number, zone: TimeZoneMode): string {
  return `${formatTime(ms, zone)} ${zoneSuffix(ms, zone)}`;
}

/** The zone's name for headers and the switch: "UTC" or "local, Europe/Berlin". */
export function zoneName(zone: TimeZoneMode): string {
  if (zone === 'utc') return 'UTC';
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return name ? `local, ${name}` : 'local';
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

export const TIME_EXAMPLE = '2024-05-01 10:00:00';

/**
 * Reads "YYYY-MM-DD[ HH:mm[:ss[.SSS]]]" (a "T" may separate date and time) in the chosen zone, unless it
 * names its own (Z, UTC, +05:30); or "@<epoch ms>". Throws a message saying what to type.
 */
export function parseTime(text: string, zone: TimeZoneMode): number {
  const t = text.trim();
  if (/^@-?\d+$/.test(t)) return Number(t.slice(1));
  const m = TIME.exec(t);
  const hint = `use YYYY-MM-DD HH:mm:ss (${zoneName(zone)}), e.g. ${TIME_EXAMPLE}, or @epoch-ms`;
  if (!m) throw new Error(t ? `"${t}" is not a time: ${hint}` : `Enter a time: ${hint}`);
  const [year, month, day, hour = 0, minute = 0, second = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => (v === undefined ? undefined : Number(v))) as number[];
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const asUtc = Date.UTC(year!, month! - 1, day!, hour, minute, second, millis);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59)
    throw new Error(`"${t}" is not a valid date and time (month 01–12, a day the month has, hours 00–23)`);
  const suffix = m[8]?.toUpperCase();
  if (suffix === 'Z' || suffix === 'UTC') return asUtc;
  if (suffix) {
    const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})?$/.exec(suffix)!;
    const minutes = (Number(hh) * 60 + Number(mm ?? 0)) * (sign === '-' ? -1 : 1);
    return asUtc - minutes * 60_000;
  }
  if (zone === 'utc') return asUtc;
  // Local wall time: the offset that applies at that wall time (a DST change between the guess and the answer moves it once).
  const guess = asUtc - offsetMinutes(asUtc, 'local') * 60_000;
  return asUtc - offsetMinutes(guess, 'local') * 60_000;
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z\b/g;

/** Text from the core (notes name times as ISO-8601 UTC instants) with each time in the one format and zone. */
export function localizeTimes(text: string, zone: TimeZoneMode): string {
  return text.replace(ISO_INSTANT, (iso) => {
    const ms = Date.parse(iso);
    return Number.isFinite(ms) ? formatTimeWithZone(ms, zone) : iso;
  });
}
