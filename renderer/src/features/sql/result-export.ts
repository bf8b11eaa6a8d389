import { cellText, type Cell, type Rows } from '../../components/arrow-rows';

const jsonCell = (c: Cell) => (typeof c === 'bigint' ? (c >= BigInt(Number.MIN_SAFE_INTEGER) && c <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(c) : c.toString()) : c);

/** One JSON object a line; big integers beyond 2^53 stay exact as strings. */
export function toJsonLines(data: Rows): string {
  return data.rows.map((row) => JSON.stringify(Object.fromEntries(data.columns.map((c, i) => [c.name, jsonCell(row[i] ?? null)])))).join('\n') + (data.rows.length ? '\n' : '');
}

/** RFC 4180 CSV with a header line; NULL is an empty field. */
export function toCsv(data: Rows): string {
  const field = (c: Cell) => {
    if (c === null) return '';
    const text = cellText(c);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [data.columns.map((c) => field(c.name)), ...data.rows.map((r) => r.map((c) => field(c ?? null)))];
  return lines.map((l) => l.join(',')).join('\r\n') + '\r\n';
}

/** Columns a quick chart can plot on its value axis. */
export function numericColumns(data: Rows): number[] {
  return data.columns.flatMap((_, i) => (data.rows.length > 0 && data.rows.every((r) => r[i] === null || typeof r[i] === 'number' || typeof r[i] === 'bigint') ? [i] : []));
}
