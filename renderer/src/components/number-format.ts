/** One number format for every page: counts, offsets and lags with thousands separators (1,093). */
export const formatCount = (n: number) => n.toLocaleString('en-US');

/** A count, or "—" when unknown. */
export const formatCountOr = (n: number | null | undefined, none = '—') => (n === null || n === undefined ? none : formatCount(n));

export { formatBytes } from '../../../shared/byte-size';

/**
 * A whole number ≥ 0 as typed, thousands separators allowed ("1,093", "1_093", "1 093"): what the pages
 * show can be typed back. NaN when it is not one.
 */
export function parseWholeNumber(text: string): number {
  const t = text.trim().replace(/(?<=\d)[,_ ](?=\d{3}(?!\d))/g, '');
  return /^\d+$/.test(t) ? Number(t) : NaN;
}
