import type { SearchProgress } from '../../../../shared/model/messages';
import { displayJson, stringifyExactJson } from '../../../../shared/exact-json';
import type { DecodedPart } from '../../../../shared/model/record';

/**
 * Pretty text of a decoded part: for the detail pane (`display`: every digit, NaN and ±Infinity bare) or as
 * JSON to edit and produce again (`json`: NaN and ±Infinity as "NaN", "Infinity", "-Infinity").
 */
export function prettyPart(part: DecodedPart, form: 'display' | 'json' = 'display'): string {
  if (part.kind === 'null') return 'null';
  if (part.error) return String(part.value ?? '');
  if (typeof part.value === 'string') return part.value;
  return form === 'display' ? displayJson(part.value, 2) : stringifyExactJson(part.value, 2);
}

export function formatTimestamp(ms: number): string {
  return Number.isFinite(ms) && ms >= 0 ? new Date(ms).toISOString().replace('T', ' ').replace('Z', '') : String(ms);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 90) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** "1,234 of 5,000 scanned · 12,000 rec/s · ETA 3.0 s · 7 matches" */
export function describeProgress(p: SearchProgress): string {
  const parts = [`${p.scanned.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} scanned`, `${Math.round(p.recordsPerSec).toLocaleString('en-US')} rec/s`];
  if (p.etaMs !== null) parts.push(`ETA ${formatDuration(p.etaMs)}`);
  parts.push(`${p.matched.toLocaleString('en-US')} match${p.matched === 1 ? '' : 'es'}`);
  return parts.join(' · ');
}

/** Parses "0, 2, 5" into partition numbers; empty means all (null). Throws a message for anything else. */
export function parsePartitions(text: string, available: number[]): number[] | null {
  const t = text.trim();
  if (!t || t.toLowerCase() === 'all') return null;
  const chosen = t.split(/[\s,]+/).map((s) => Number(s));
  const bad = chosen.find((n) => !Number.isInteger(n) || n < 0 || (available.length > 0 && !available.includes(n)));
  if (bad !== undefined) throw new Error(`Partition "${bad}" does not exist (the topic has ${available.length})`);
  return [...new Set(chosen)].sort((a, b) => a - b);
}

/** A datetime-local input's value (local time) as epoch milliseconds. */
export function parseLocalTime(text: string): number {
  const ms = new Date(text).getTime();
  if (!Number.isFinite(ms)) throw new Error(`"${text}" is not a date and time`);
  return ms;
}

/** Classic hex dump: offset, 16 bytes, and their printable ASCII. */
export function hexDump(hex: string): string {
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += 32) {
    const bytes = hex.slice(i, i + 32).match(/../g) ?? [];
    const ascii = bytes.map((b) => {
      const c = parseInt(b, 16);
      return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
    });
    lines.push(`${(i / 2).toString(16).padStart(6, '0')}  ${bytes.join(' ').padEnd(47)}  ${ascii.join('')}`);
  }
  return lines.join('\n');
}
