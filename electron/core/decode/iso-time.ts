/**
 * Epoch milliseconds → ISO-8601 text (as Date#toISOString), fast for runs of timestamps on the same day:
 * the "YYYY-MM-DDT" part is cached for the last day seen. Outside years 0000–9999 it is toISOString.
 */
const DAY_MS = 86_400_000;
let cachedDay = NaN;
let cachedPrefix = '';

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

export function isoMillis(ms: number): string {
  if (!Number.isFinite(ms) || ms < -62_167_219_200_000 || ms >= 253_402_300_800_000) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  return `${cachedPrefix}${two(h)}:${two(m)}:${two(s)}.${three(rest - s * 1000)}Z`;
}
