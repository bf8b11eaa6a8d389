import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { virtualWindow, type RowList } from './virtual-window';

const OVERSCAN = 12;

/**
 * Renders only the rows in view (plus a margin) of a fixed-row-height list, so thousands of rows
 * scroll as smoothly as ten. The header stays put above the scroller.
 */
export function VirtualRows<T>(props: { rows: RowList<T>; rowHeight: number; header: ReactNode; renderRow: (row: T, index: number) => ReactNode; testId?: string }) {
  const { rows, rowHeight } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = () => setView({ top: el.scrollTop, height: el.clientHeight });
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    el.addEventListener('scroll', update, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', update);
    };
  }, []);

  const { first, last, height, top } = virtualWindow(rows.length, rowHeight, view.top, view.height, OVERSCAN);
  return (
    <div className="vtable" data-testid={props.testId}>
      {props.header}
      <div className="vtable-scroll" ref={scroller}>
        <div style={{ height, position: 'relative', overflow: 'hidden' }}>
          <div style={{ position: 'absolute', top, left: 0, right: 0 }}>
            {inView(rows, first, last, props.renderRow)}
          </div>
        </div>
      </div>
    </div>
  );
}

function inView<T>(rows: RowList<T>, first: number, last: number, render: (row: T, index: number) => ReactNode): ReactNode[] {
  const out: ReactNode[] = [];
  for (let i = first; i < Math.min(last, rows.length); i++) {
    const row = rows.at(i);
    if (row !== undefined) out.push(render(row, i));
  }
  return out;
}
