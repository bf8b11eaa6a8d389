import { useState } from 'react';
import { readableCell } from './arrow-rows';

/** The full value of one grid cell, below the grid: column, type, row, the value wrapped, a copy button. */
export function CellDetail(props: { column: string; type: string; row: number; text: string; isNull: boolean; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(props.text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="cell-detail" data-testid="cell-detail">
      <div className="row">
        <b className="mono">{props.column}</b>
        <span className="muted small mono">{props.type}</span>
        <span className="muted small">
          row {(props.row + 1).toLocaleString('en-US')} · {props.isNull ? 'NULL' : `${props.text.length.toLocaleString('en-US')} characters`}
        </span>
        <div style={{ flex: 1 }} />
        <button className="btn small" onClick={() => void copy()} disabled={props.isNull} data-testid="cell-copy">
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button className="btn small" onClick={props.onClose} aria-label="Close the cell detail" data-testid="cell-detail-close">
          ✕
        </button>
      </div>
      <pre className={props.isNull ? 'null' : undefined} data-testid="cell-detail-text">
        {props.isNull ? 'NULL' : readableCell(props.text)}
      </pre>
    </div>
  );
}
