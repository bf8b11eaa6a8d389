/**
 * Epoch milliseconds → ISO-8601 text (as Date#toISOString), fast for runs of timestamps in the same second (a busy
 * topic's records): "YYYY-MM-DDTHH:MM:SS." is cached for the last second seen, and the day's part for the last day.
 * Outside years 0000–9999 it is toISOString.
 */
const DAY_MS = 86_400_000;
let cachedDay = NaN;
let cachedDayPrefix = '';
let cachedSecond = NaN;
let cachedSecondPrefix = '';

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

export function isoMillis(ms: number): string {
  if (!Number.isFinite(ms) || ms < -62_167_219_200_000 || ms >= 253_402_300_800_000) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    const day = Math.floor(ms / DAY_MS);
    if (day !== cachedDay) {
      cachedDay = day;
      cachedDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    }
    let rest = second * 1000 - day * DAY_MS;
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    cachedSecond = second;
    cachedSecondPrefix = `${cachedDayPrefix}${two(h)}:${two(m)}:${two(rest / 1000)}.`;
  }
  return `${cachedSecondPrefix}${three(ms - second * 1000)}Z`;
}
