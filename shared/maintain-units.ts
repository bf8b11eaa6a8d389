// The sizes and durations maintenance takes as text, read alike by the CLI flags and the table page's fields.

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZES: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `7d`, `36h`, `90m`, `30s` as milliseconds; null when the text is not one. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+)\s*([smhd])$/.exec(text.trim());
  return m ? Number(m[1]) * UNITS[m[2]!]! : null;
}

/** `128m`, `512k`, `1g`, `64MiB`, `4096` (bytes) as bytes; null when the text is not one. */
export function parseSize(text: string): number | null {
  const m = /^(\d+)\s*([kmg]?)i?b?$/i.exec(text.trim());
  return m ? Number(m[1]) * SIZES[m[2]!.toLowerCase()]! : null;
}

/** A duration in the largest unit that divides it (`3d`, `36h`, `90m`), the form parseDuration reads. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's']) if (ms % UNITS[unit]! === 0 && ms >= UNITS[unit]!) return `${ms / UNITS[unit]!}${unit}`;
  return `${Math.round(ms / 1000)}s`;
}

/** An age for people: "4.2 days", "3.0 hours", "12 minutes". */
export function formatAge(ms: number): string {
  if (ms >= 86_400_000) return `${(ms / 86_400_000).toFixed(1)} days`;
  if (ms >= 3_600_000) return `${(ms / 3_600_000).toFixed(1)} hours`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} minutes`;
  return `${Math.round(ms / 1000)} seconds`;
}
