import { cellText, type Cell } from './arrow-rows';

/** Widths in px of a grid's columns and how they were chosen. */
export const MIN_COLUMN = 48;
export const MAX_COLUMN = 420;
/** A header wider than its values is elided beyond this (its full name is on hover). */
export const MAX_HEADER = 180;
const SAMPLE = 400;
const PADDING = 14;

/** Up to SAMPLE row indexes: the first half of them, then evenly spread over the rest (so late, wide values count too). */
export function sampleRows(count: number): number[] {
  if (count <= SAMPLE) return Array.from({ length: count }, (_, i) => i);
  const head = SAMPLE / 2;
  const step = (count - head) / (SAMPLE - head);
  return [...Array.from({ length: head }, (_, i) => i), ...Array.from({ length: SAMPLE - head }, (_, i) => head + Math.floor(i * step))];
}

/**
 * Each column as wide as its widest sampled value (capped: longer values are elided), at least its header up to
 * MAX_HEADER. `measure` gives a text's width in px in the cell font, `header` a header's.
 */
export function columnWidths(columns: { name: string; type: string }[], rows: Cell[][], measure: (text: string) => number, header: (name: string, type: string) => number): number[] {
  const sample = sampleRows(rows.length);
  return columns.map((c, j) => {
    let widest = 0;
    for (const i of sample) {
      const text = cellText(rows[i]?.[j] ?? null);
      // Only the first line counts, and no more of it than could show (measuring a megabyte of JSON is wasted work).
      widest = Math.max(widest, measure(text.length > 200 ? text.slice(0, 200) : text));
      if (widest >= MAX_COLUMN) break;
    }
    const head = Math.min(header(c.name, c.type), MAX_HEADER);
    return Math.round(Math.min(MAX_COLUMN, Math.max(MIN_COLUMN, widest + PADDING, head + PADDING)));
  });
}

/** A text measurer for a CSS font, using a canvas (one per font). */
export function canvasMeasure(font: string): (text: string) => number {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return (text) => text.length * 7.5;
  context.font = font;
  return (text) => context.measureText(text).width;
}
