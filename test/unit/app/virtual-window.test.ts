import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_PX, virtualWindow } from '../../../renderer/src/components/virtual-window';

const ROW = 26;
const VIEW = 600;

describe('virtual window of a fixed-row-height list', () => {
  it('below the scroll limit: the plain window, rows at their own offsets', () => {
    expect(virtualWindow(1000, ROW, 2600, VIEW, 12)).toEqual({ height: 26_000, first: 88, last: 136, top: 88 * ROW });
    expect(virtualWindow(0, ROW, 0, VIEW, 12)).toEqual({ height: 0, first: 0, last: 0, top: 0 });
  });

  it('at 1M rows: a spacer under the limit, whole-pixel positions, the first row at the top and the last at the bottom', () => {
    const count = 1_000_000;
    const start = virtualWindow(count, ROW, 0, VIEW, 12);
    expect(start).toMatchObject({ height: MAX_SCROLL_PX, first: 0, top: 0 });
    const end = virtualWindow(count, ROW, MAX_SCROLL_PX - VIEW, VIEW, 12);
    expect(end.last).toBe(count);
    expect(end.top + (end.last - end.first) * ROW).toBe(MAX_SCROLL_PX); // the last row's bottom is the spacer's
    let previousRowInView = -1;
    for (let scrollTop = 0; scrollTop <= MAX_SCROLL_PX - VIEW; scrollTop += 997_001) {
      const w = virtualWindow(count, ROW, scrollTop, VIEW, 0);
      expect(Number.isInteger(w.top)).toBe(true);
      expect(w.top).toBeLessThanOrEqual(scrollTop); // the first row starts at or above the view's top…
      expect(w.top + ROW).toBeGreaterThan(scrollTop); // …and reaches into it
      expect(w.first).toBeGreaterThan(previousRowInView);
      previousRowInView = w.first;
    }
  });
});
