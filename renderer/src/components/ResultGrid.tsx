import { useMemo, useRef, useState, type PointerEvent } from 'react';
import { VirtualRows } from './VirtualRows';
import { cellText, type Rows } from './arrow-rows';
import { MIN_COLUMN, canvasMeasure, columnWidths } from './column-widths';
import { CellDetail } from './CellDetail';
import './result-grid.css';

function fonts(): { cell: (t: string) => number; header: (name: string, type: string) => number } {
  const style = getComputedStyle(document.documentElement);
  const mono = style.getPropertyValue('--mono').trim() || 'monospace';
  const sans = style.getPropertyValue('--sans').trim() || 'sans-serif';
  const cell = canvasMeasure(`12px ${mono}`);
  const name = canvasMeasure(`600 12px ${sans}`);
  const type = canvasMeasure(`400 11px ${sans}`);
  return { cell, header: (n, t) => name(`${n} `) + type(t) };
}

/**
 * Query rows in a virtualized grid. Columns are as wide as their (sampled) values, long values elided;
 * drag a header's edge to resize (double-click it to fit again); click a cell to read all of it below.
 */
export function ResultGrid(props: { data: Rows; testId?: string }) {
  const { data } = props;
  const fitted = useMemo(() => {
    const f = fonts();
    return columnWidths(data.columns, data.rows, f.cell, f.header);
  }, [data]);
  // Resized widths and the selected cell belong to one result: a new result starts fitted, nothing selected.
  const [resized, setResized] = useState<{ data: Rows; widths: number[] } | null>(null);
  const widths = resized?.data === data ? resized.widths : fitted;
  const [picked, setPicked] = useState<{ data: Rows; row: number; col: number } | null>(null);
  const selected = picked?.data === data ? picked : null;
  const setSelected = (at: { row: number; col: number } | null) => setPicked(at && { data, ...at });
  const dragging = useRef<{ col: number; x: number; width: number } | null>(null);

  const template = `56px ${widths.map((w) => `${w}px`).join(' ')}`;
  const setWidth = (col: number, width: number) => setResized({ data, widths: widths.map((x, j) => (j === col ? Math.max(MIN_COLUMN, Math.round(width)) : x)) });
  const startDrag = (col: number) => (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    dragging.current = { col, x: e.clientX, width: widths[col] ?? MIN_COLUMN };
  };
  const drag = (e: PointerEvent<HTMLDivElement>) => {
    const d = dragging.current;
    if (d) setWidth(d.col, d.width + e.clientX - d.x);
  };

  const header = (
    <div className="rrow head" style={{ gridTemplateColumns: template }}>
      <div className="num">#</div>
      {data.columns.map((c, j) => (
        <div key={`${j}:${c.name}`} className="rhead" title={`${c.name} ${c.type}`} data-testid="result-column">
          <span className="rhead-text">
            {c.name} <span className="type">{c.type}</span>
          </span>
          <div
            className="col-resize"
            role="separator"
            aria-orientation="vertical"
            aria-label={`Resize ${c.name}`}
            title="Drag to resize, double-click to fit"
            onPointerDown={startDrag(j)}
            onPointerMove={drag}
            onPointerUp={() => (dragging.current = null)}
            onDoubleClick={() => setWidth(j, fitted[j] ?? MIN_COLUMN)}
            data-testid="column-resize"
          />
        </div>
      ))}
    </div>
  );
  const cell = selected ? (data.rows[selected.row]?.[selected.col] ?? null) : null;
  const column = selected ? data.columns[selected.col] : undefined;
  return (
    <div className="result-grid">
      <div className="result-grid-scroll">
        <VirtualRows
          testId={props.testId}
          rows={data.rows}
          rowHeight={24}
          header={header}
          renderRow={(row, i) => (
            <div className="rrow body" key={i} style={{ gridTemplateColumns: template }} data-testid="result-row">
              <div className="num muted">{i + 1}</div>
              {row.map((value, j) => (
                <div
                  key={j}
                  className={[value === null ? 'null' : typeof value === 'number' || typeof value === 'bigint' ? 'num' : '', selected?.row === i && selected.col === j ? 'selected' : ''].join(' ').trim() || undefined}
                  title={cellText(value).slice(0, 2000)}
                  onClick={() => setSelected({ row: i, col: j })}
                  data-testid="result-cell"
                >
                  {cellText(value)}
                </div>
              ))}
            </div>
          )}
        />
      </div>
      {selected && column && <CellDetail column={column.name} type={column.type} row={selected.row} text={cellText(cell)} isNull={cell === null} onClose={() => setSelected(null)} />}
    </div>
  );
}
