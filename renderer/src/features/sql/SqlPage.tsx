import { useEffect, useMemo, useRef, useState } from 'react';
import type { TableView } from '../../../../shared/model/lake';
import { coreClient } from '../../stores/core-store';
import { useLake } from '../../stores/lake-store';
import { useTheme } from '../../stores/theme-store';
import { ResultGrid } from '../../components/ResultGrid';
import { rowsOf, type Rows } from '../../components/arrow-rows';
import { SqlEditor } from './SqlEditor';
import { QuickChart } from './QuickChart';
import { SaveResultButton } from './SaveResultButton';
import { completionItems } from './completion';
import { readHistory, remember, type HistoryEntry } from './sql-history';
import { toCsv, toJsonLines } from './result-export';
import './sql.css';

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Ad-hoc SQL over a catalog's Iceberg tables in the embedded, sandboxed DuckDB. */
export function SqlPage() {
  const { catalogs, trees, loadTree } = useLake();
  const dark = useTheme((s) => s.theme === 'dark');
  const [catalogId, setCatalogId] = useState(catalogs[0]?.id ?? '');
  const [sql, setSql] = useState('SELECT 42 AS answer');
  const [load, setLoad] = useState({ text: sql, seq: 0 });
  const [limit, setLimit] = useState(10_000);
  /** Seconds a query may run (with its planning and fetching); empty: no limit. */
  const [timeLimit, setTimeLimit] = useState('');
  const timeoutSeconds = timeLimit.trim() === '' ? undefined : Number(timeLimit);
  const timeLimitValid = timeoutSeconds === undefined || (timeoutSeconds > 0 && timeoutSeconds <= 86_400);
  const [result, setResult] = useState<{ sql: string; rows: Rows; note?: string; ms: number; truncated: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>(readHistory);
  const [views, setViews] = useState<TableView[]>([]);
  const [show, setShow] = useState<'grid' | 'chart'>('grid');
  const running = useRef<AbortController | null>(null);
  const [busy, setBusy] = useState(false);
  const catalog = catalogs.find((c) => c.id === catalogId);
  const tree = catalog ? trees[catalog.id] : undefined;

  useEffect(() => {
    if (catalog && !tree) void loadTree(catalog.id);
  }, [catalog, tree, loadTree]);
  // Column completion: the schemas of the catalog's tables (a few dozen reads at most).
  useEffect(() => {
    if (!catalog || !tree) return setViews([]);
    let live = true;
    Promise.all(tree.tables.slice(0, 50).map((t) => coreClient().call('lake.table', { catalog: catalog.spec, table: t }).catch(() => null))).then((v) => live && setViews(v.filter((x): x is TableView => x !== null)));
    return () => {
      live = false;
    };
  }, [catalog, tree]);
  const completions = useMemo(() => completionItems(tree?.tables ?? [], views), [tree, views]);

  const run = async (text: string) => {
    if (!text.trim()) return;
    if (!timeLimitValid) return setError(`The time limit takes seconds (more than 0, at most 86400), not "${timeLimit}"`);
    running.current?.abort();
    const abort = (running.current = new AbortController());
    setBusy(true);
    setError(null);
    try {
      const r = await coreClient().call('lake.sql', { ...(catalog ? { catalog: catalog.spec } : {}), sql: text, limit, ...(timeoutSeconds ? { timeoutSeconds } : {}) }, { signal: abort.signal });
      setResult({ sql: text, rows: rowsOf(r), ms: r.elapsedMs, truncated: r.truncated, ...(r.note ? { note: r.note } : {}) });
      setHistory(remember({ sql: text, at: Date.now(), rows: r.rowCount, ms: r.elapsedMs }));
    } catch (e) {
      if (!abort.signal.aborted) {
        setError((e as Error).message);
        setResult(null);
      }
      setHistory(remember({ sql: text, at: Date.now(), rows: null, ms: null, error: (e as Error).message }));
    } finally {
      if (running.current === abort) setBusy(false);
    }
  };
  const cancel = () => {
    running.current?.abort();
    setBusy(false);
    setError('Query cancelled');
  };

  return (
    <div className="page sql-room">
      <div className="page-head">
        <h1>SQL</h1>
        <select value={catalogId} onChange={(e) => setCatalogId(e.target.value)} style={{ width: 240 }} data-testid="sql-catalog">
          <option value="">no catalog (plain DuckDB)</option>
          {catalogs.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        <span className="meta">tables as <code>ns.table</code>, a snapshot as <code>ns."table@id"</code></span>
        <div style={{ flex: 1 }} />
        <label className="meta">
          limit <input type="text" value={limit} onChange={(e) => setLimit(Math.max(1, Math.min(1_000_000, Number(e.target.value) || 1)))} style={{ width: 90 }} />
        </label>
        <label className="meta" title="Stop a query that runs longer than this many seconds (empty: no limit)">
          time limit{' '}
          <input
            type="text"
            inputMode="decimal"
            value={timeLimit}
            placeholder="none"
            onChange={(e) => setTimeLimit(e.target.value)}
            className={timeLimitValid ? undefined : 'invalid'}
            style={{ width: 60 }}
            data-testid="sql-timeout"
          />{' '}
          s
        </label>
        {busy ? (
          <button className="btn danger" onClick={cancel} data-testid="sql-cancel">
            Cancel
          </button>
        ) : (
          <button className="btn primary" onClick={() => void run(sql)} title="Ctrl+Enter runs the selection, or everything" data-testid="sql-run">
            Run
          </button>
        )}
      </div>
      <div className="sql-body">
        <div className="sql-main">
          <SqlEditor load={load} onChange={setSql} onRun={(t) => void run(t)} completions={completions} dark={dark} />
          {error && <div className="banner error" data-testid="sql-error">{error}</div>}
          {result && (
            <>
              <div className="toolbar slim">
                <span className="muted small" data-testid="sql-meta">
                  {result.rows.rows.length.toLocaleString('en-US')} row(s) in {Math.round(result.ms)} ms{result.truncated ? ' · cut at the row limit' : ''}{result.note ? ` · ${result.note}` : ''}
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
                <SaveResultButton sql={result.sql} {...(catalog ? { catalog: catalog.spec } : {})} {...(timeoutSeconds && timeLimitValid ? { timeoutSeconds } : {})} />
              </div>
              {show === 'grid' ? <ResultGrid data={result.rows} testId="sql-grid" /> : <QuickChart data={result.rows} />}
            </>
          )}
        </div>
        <aside className="sql-history">
          <b className="small">History</b>
          {history.map((h) => (
            <button key={h.at} className="history-item" onClick={() => setLoad((l) => ({ text: h.sql, seq: l.seq + 1 }))} title={h.error ?? `${h.rows} rows · ${h.ms} ms`}>
              <span className={`mono small${h.error ? ' err' : ''}`}>{h.sql.slice(0, 120)}</span>
            </button>
          ))}
        </aside>
      </div>
    </div>
  );
}
