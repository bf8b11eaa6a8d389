import { formatBytes as formatBytesFor } from '../../shared/byte-size';

/** Plain-text table: columns padded to their widest cell; numbers right-aligned. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  return cells
    .map((r) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd())
    .join('\n');
}

/** Byte counts as the app shows them; "-" when unknown. */
export const formatBytes = (n: number | null) => formatBytesFor(n, '-');

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /**
   * Resolves once `out` can take more (stdout piped into a slower reader has room again). A command printing a
   * stream returns it from its event handler, so the stream waits instead of piling output up in memory.
   */
  drained?(): Promise<void>;
}
