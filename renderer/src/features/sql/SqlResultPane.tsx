import { useState } from 'react';
import type { CatalogSpec } from '../../../../shared/model/lake';
import type { SqlResult } from '../../stores/sql-store';
import { ResultGrid } from '../../components/ResultGrid';
import { QuickChart } from './QuickChart';
import { SaveResultButton } from './SaveResultButton';
import { toCsv, toJsonLines } from './result-export';

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A tab's last result: row count and time, grid or chart, downloads of the rows shown, save of the whole result. */
export function SqlResultPane(props: { result: SqlResult; catalog?: CatalogSpec; timeoutSeconds?: number }) {
  const { result } = props;
  const [show, setShow] = useState<'grid' | 'chart'>('grid');
  return (
    <>
      <div className="toolbar slim">
        <span className="muted small" data-testid="sql-meta">
          {result.rows.rows.length.toLocaleString('en-US')} row(s) in {Math.round(result.ms)} ms{result.truncated ? ' · cut at the row limit' : ''}
          {result.note ? ` · ${result.note}` : ''}
        </span>
        <div style={{ flex: 1 }} />
        <button className="btn small" onClick={() => setShow(show === 'grid' ? 'chart' : 'grid')} data-testid="sql-chart">
          {show === 'grid' ? 'Chart' : 'Grid'}
        </button>
        <button className="btn small" onClick={() => download('result.csv', toCsv(result.rows), 'text/csv')} title="Download the rows shown">
          CSV
        </button>
        <button className="btn small" onClick={() => download('result.jsonl', toJsonLines(result.rows), 'application/x-ndjson')} title="Download the rows shown">
          JSON Lines
        </button>
        <SaveResultButton sql={result.sql} {...(props.catalog ? { catalog: props.catalog } : {})} {...(props.timeoutSeconds ? { timeoutSeconds: props.timeoutSeconds } : {})} />
      </div>
      {show === 'grid' ? <ResultGrid data={result.rows} testId="sql-grid" /> : <QuickChart data={result.rows} />}
    </>
  );
}
