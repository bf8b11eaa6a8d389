import { useMemo } from 'react';
import { VirtualRows } from './VirtualRows';
import { cellText, type Rows } from './arrow-rows';
import './result-grid.css';

/** Query rows in a virtualized grid: the columns size to the header, every cell shows NULL distinctly. */
export function ResultGrid(props: { data: Rows; testId?: string }) {
  const { data } = props;
  const template = useMemo(() => `56px ${data.columns.map((c) => `minmax(${Math.min(280, Math.max(90, c.name.length * 9))}px, 1fr)`).join(' ')}`, [data.columns]);
  const header = (
    <div className="rrow head" style={{ gridTemplateColumns: template }}>
      <div className="num">#</div>
      {data.columns.map((c) => (
        <div key={c.name} title={c.type}>
          {c.name} <span className="type">{c.type}</span>
        </div>
      ))}
    </div>
  );
  return (
    <div className="result-grid">
      <VirtualRows
        testId={props.testId}
        rows={data.rows}
        rowHeight={24}
        header={header}
        renderRow={(row, i) => (
          <div className="rrow body" key={i} style={{ gridTemplateColumns: template }} data-testid="result-row">
            <div className="num muted">{i + 1}</div>
            {row.map((cell, j) => (
              <div key={j} className={cell === null ? 'null' : typeof cell === 'number' || typeof cell === 'bigint' ? 'num' : undefined} title={cellText(cell)}>
                {cellText(cell)}
              </div>
            ))}
          </div>
        )}
      />
    </div>
  );
}
