import type { SearchProgress, SearchSummary } from '../../../../shared/model/messages';
import { displayJson, stringifyExactJson } from '../../../../shared/exact-json';
import { formatCount } from '../../components/number-format';
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

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 90) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** "1,234 of 5,000 scanned · 12,000 rec/s · ETA 3.0 s · 7 matches"; once `finished`, no rate or ETA (the last report's would be stale). */
export function describeProgress(p: SearchProgress, finished = false): string {
  const parts = [`${formatCount(p.scanned)} of ${formatCount(p.total)} scanned`];
  if (!finished) parts.push(`${formatCount(Math.round(p.recordsPerSec))} rec/s`);
  if (!finished && p.etaMs !== null) parts.push(`ETA ${formatDuration(p.etaMs)}`);
  parts.push(`${formatCount(p.matched)} match${p.matched === 1 ? '' : 'es'}`);
  return parts.join(' · ');
}

/** "Scanned everything asked: p0 [0–1,093), p1 [0–946) · not decoded: …": the exact offset ranges a search covered. */
export function describeSummary(s: SearchSummary): string {
  const range = (from: number, to: number) => `[${formatCount(from)}–${formatCount(to)})`;
  const ranges = s.ranges.map((r) => `p${r.partition} ${range(r.from, r.scannedTo)}${r.scannedTo < r.to ? ` of ${range(r.from, r.to)}` : ''}`);
  const counted = (list: { count: number; reason?: string; message?: string }[]) => list.map((d) => `${formatCount(d.count)}× ${d.reason ?? d.message}`).join('; ');
  const stopped = {
    complete: 'Scanned everything asked',
    'max-matches': `Result limit reached: ${formatCount(s.matched)} match${s.matched === 1 ? '' : 'es'}, the max asked; the scan stopped after the last one kept (search on from there, or Export for more)`,
    error: 'Stopped at the first failure',
  }[s.stoppedBecause];
  let out = `${stopped}: ${ranges.join(', ') || 'no partition'}`;
  if (s.decodeErrors.length) out += ` · not decoded: ${counted(s.decodeErrors)}`;
  if (s.decodeFallbacks.length) out += ` · auto fell back: ${counted(s.decodeFallbacks)}`;
  if (s.filterErrors.length) out += ` · filter failed on: ${counted(s.filterErrors)}`;
  if (s.failures.length) out += ` · could not be read: ${s.failures.map((f) => `p${f.partition} @${formatCount(f.offset)}: ${f.message}`).join('; ')}`;
  return out;
}

/** Parses "0, 2, 5" into partition numbers; empty means all (null). Throws a message for anything else. */
export function parsePartitions(text: string, available: number[]): number[] | null {
  const t = text.trim();
  if (!t || t.toLowerCase() === 'all') return null;
  const chosen = t
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
  const bad = chosen.find((n) => !Number.isInteger(n) || n < 0 || (available.length > 0 && !available.includes(n)));
  if (bad !== undefined) throw new Error(Number.isNaN(bad) ? `Partitions: "${t}" is not a list of partition numbers (e.g. 0, 2)` : `Partition ${bad} does not exist (the topic has ${available.length})`);
  return [...new Set(chosen)].sort((a, b) => a - b);
}

/** Whether two partition choices are the same (null: all). */
export function samePartitions(a: number[] | null, b: number[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((p, i) => p === b[i]);
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
