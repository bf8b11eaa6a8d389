/**
 * Times on the command line: strict ISO-8601 (the RFC 3339 profile) or `@epoch-ms`. `Date.parse` is not
 * used: it takes "x 7" as the year 2001 and rolls 2024-02-30 over into March. Without a zone a time is UTC,
 * as floe prints times. Times before 1970 are refused: Kafka reads negative timestamps as "latest"/"earliest".
 */
export type TimeReading = { ok: true; ms: number } | { ok: false; why: string };

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const fail = (why: string): TimeReading => ({ ok: false, why });

export function readTime(text: string): TimeReading {
  if (text.startsWith('@')) {
    const digits = text.slice(1);
    const ms = Number(digits);
    if (!/^\d+$/.test(digits) || !Number.isSafeInteger(ms)) return fail('is not @epoch-ms (milliseconds since 1970, a whole number ≥ 0)');
    return { ok: true, ms };
  }
  const m = ISO.exec(text);
  if (!m) return fail('is not an ISO-8601 time (such as 2024-05-01T10:00:00Z or 2024-05-01)');
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((v) => (v === undefined ? undefined : Number(v))) as number[];
  if (month! < 1 || month! > 12) return fail(`has no month ${month}`);
  if (day! < 1 || day! > daysIn(year!, month!)) return fail(`is not a date: day ${day} (${MONTHS[month! - 1]} ${year} has ${daysIn(year!, month!)} days)`);
  if (hour > 23) return fail(`has no hour ${hour} (0–23)`);
  if (minute > 59) return fail(`has no minute ${minute} (0–59)`);
  if (second > 59) return fail(`has no second ${second} (0–59)`);
  const offset = zoneOffsetMinutes(m[8]);
  if (offset === null) return fail(`has a zone offset ${m[8]} beyond ±23:59`);
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const ms = Date.UTC(year!, month! - 1, day!, hour, minute, second, millis) - offset * 60_000;
  if (ms < 0) return fail('is before 1970 (Kafka timestamps start at 1970-01-01T00:00:00Z)');
  return { ok: true, ms };
}

/** Minutes east of UTC; 0 for Z or no zone; null when out of range. */
function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) return null;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}
