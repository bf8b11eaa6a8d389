/**
 * Scroll heights past 2^24 px lose whole pixels where Chromium composites in float32 (at 1M rows of 26 px, rows came
 * out 2 px apart or together), so a long list scrolls a spacer of at most this height and maps its scroll position
 * proportionally onto the rows (a wheel step then moves a little further, by the same ratio).
 */
export const MAX_SCROLL_PX = 16_000_000;

/** Rows read by index: an array, or a list that builds a row only when asked for it. */
export interface RowList<T> {
  readonly length: number;
  at(i: number): T | undefined;
}

export interface VirtualWindow {
  /** The scrolling spacer's height. */
  height: number;
  /** Rows [first, last) to render. */
  first: number;
  last: number;
  /** Where, in the spacer, the first rendered row's top goes. */
  top: number;
}

/** The rows in view (with `overscan` more on each side) of a fixed-row-height list scrolled to `scrollTop`. */
export function virtualWindow(count: number, rowHeight: number, scrollTop: number, viewHeight: number, overscan: number): VirtualWindow {
  const total = count * rowHeight;
  const height = Math.min(total, MAX_SCROLL_PX);
  // The spacer's scroll range maps onto the whole list's: scrolled to the end shows the last row at the bottom.
  const range = Math.max(0, height - viewHeight);
  const offset = range > 0 && total > height ? Math.round((Math.min(scrollTop, range) / range) * Math.max(0, total - viewHeight)) : scrollTop;
  const first = Math.max(0, Math.floor(offset / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((offset + viewHeight) / rowHeight) + overscan);
  return { height, first, last, top: scrollTop + first * rowHeight - offset };
}
