import { useEffect, useRef } from 'react';
import { useLake } from '../../stores/lake-store';
import type { TableId } from '../../../../shared/model/lake';
import { useTheme } from '../../stores/theme-store';
import { loadedViews, useSqlSchema } from '../../stores/sql-schema-store';
import { queryCatalog, timeLimitSeconds, useSql } from '../../stores/sql-store';
import { SqlEditor, disposeTabModel, type CompletionSource, type SqlEditorApi } from './SqlEditor';
import { SqlResultPane } from './SqlResultPane';
import { SchemaTree } from './SchemaTree';
import { completionItems, nameBefore, snapshotContext, snapshotItems } from './completion';
import './sql.css';

/** Tables whose columns completion knows before the sidebar opens them (a few dozen reads at most). */
const PRELOADED_SCHEMAS = 50;
/** A catalog's tables, read first when they are not known yet or still being read. */
async function tablesOf(catalogId: string): Promise<TableId[]> {
  const known = useLake.getState().trees[catalogId];
  if (!known || known.loading) await useLake.getState().loadTree(catalogId);
  return useLake.getState().trees[catalogId]?.tables ?? [];
}
const isoTime = (ms: number) => `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;

/** Ad-hoc SQL over a catalog's Iceberg tables in the embedded, sandboxed DuckDB: tabs, schema sidebar, history. */
export function SqlPage() {
  const { catalogs, trees, loadTree } = useLake();
  const dark = useTheme((s) => s.theme === 'dark');
  const sql = useSql();
  const tab = sql.tabs.find((t) => t.id === sql.active) ?? sql.tabs[0]!;
  const catalog = queryCatalog(catalogs, sql.catalogId);
  const tree = catalog ? trees[catalog.id] : undefined;
  const views = useSqlSchema((s) => (catalog ? s.views[catalog.id] : undefined));
  const { loadView, snapshotsOf } = useSqlSchema();
  const editor = useRef<SqlEditorApi>(null);
  const timeoutSeconds = timeLimitSeconds(sql.timeLimit);

  useEffect(() => {
    if (catalog && !tree) void loadTree(catalog.id);
  }, [catalog, tree, loadTree]);
  useEffect(() => {
    if (catalog && tree) for (const t of tree.tables.slice(0, PRELOADED_SCHEMAS)) void loadView(catalog.id, t);
  }, [catalog, tree, loadView]);

  const latest = useRef({ views: loadedViews(views), catalogId: catalog?.id });
  latest.current = { views: loadedViews(views), catalogId: catalog?.id };
  const complete: CompletionSource = async (lineBefore, text) => {
    const { views, catalogId } = latest.current;
    // Ctrl+Space before the catalog's table list has arrived waits for it rather than answering "No suggestions".
    const tables = catalogId ? await tablesOf(catalogId) : [];
    const snapshot = snapshotContext(nameBefore(lineBefore), tables);
    if (snapshot && catalogId) return snapshotItems(snapshot, await snapshotsOf(catalogId, snapshot.table).catch(() => []), isoTime);
    return completionItems(tables, views, text);
  };

  const closeTab = (id: string) => {
    sql.closeTab(id);
    disposeTabModel(id);
  };

  return (
    <div className="page sql-room">
      <div className="page-head">
        <h1>SQL</h1>
        <select value={catalog?.id ?? ''} onChange={(e) => sql.setCatalog(e.target.value)} style={{ width: 240 }} data-testid="sql-catalog">
          <option value="">no catalog (plain DuckDB)</option>
          {catalogs.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        <span className="meta">
          tables as <code>ns.table</code>, a snapshot as <code>ns."table@id"</code> (type <code>table@</code> for the list)
        </span>
        <div style={{ flex: 1 }} />
        <label className="meta">
          limit <input type="text" value={sql.limit} onChange={(e) => sql.setLimit(Math.max(1, Math.min(1_000_000, Number(e.target.value) || 1)))} style={{ width: 90 }} />
        </label>
        <label className="meta" title="Stop a query that runs longer than this many seconds (empty: no limit)">
          time limit{' '}
          <input
            type="text"
            inputMode="decimal"
            value={sql.timeLimit}
            placeholder="none"
            onChange={(e) => sql.setTimeLimit(e.target.value)}
            className={timeoutSeconds === null ? 'invalid' : undefined}
            style={{ width: 60 }}
            data-testid="sql-timeout"
          />{' '}
          s
        </label>
        {tab.busy ? (
          <button className="btn danger" onClick={() => sql.cancel(tab.id)} data-testid="sql-cancel">
            Cancel
          </button>
        ) : (
          <button className="btn primary" onClick={() => void sql.run(tab.id, tab.text)} title="Ctrl+Enter runs the selection, or everything" data-testid="sql-run">
            Run
          </button>
        )}
      </div>
      <div className="sql-body">
        <SchemaTree queryCatalogId={catalog?.id} onUse={sql.setCatalog} onInsert={(text) => editor.current?.insert(text)} />
        <div className="sql-main">
          <div className="tabs sql-tabs" role="tablist">
            {sql.tabs.map((t) => (
              <span key={t.id} className="sql-tab">
                <button role="tab" aria-selected={t.id === tab.id} onClick={() => sql.select(t.id)} title={t.text.slice(0, 200)} data-testid="sql-tab">
                  {t.title}
                  {t.busy ? ' …' : ''}
                </button>
                <button className="sql-tab-close" onClick={() => closeTab(t.id)} aria-label={`Close ${t.title}`} title="Close this tab (its text is forgotten)" data-testid="sql-tab-close">
                  ×
                </button>
              </span>
            ))}
            <button onClick={() => sql.addTab()} title="New query tab" aria-label="New query tab" data-testid="sql-tab-new">
              +
            </button>
          </div>
          <SqlEditor ref={editor} tabId={tab.id} text={tab.text} onChange={(text) => sql.setText(tab.id, text)} onRun={(text) => void sql.run(tab.id, text)} complete={complete} dark={dark} />
          {tab.error && <div className="banner error" data-testid="sql-error">{tab.error}</div>}
          {tab.result && <SqlResultPane key={tab.id} result={tab.result} {...(catalog ? { catalog: catalog.spec } : {})} {...(timeoutSeconds ? { timeoutSeconds } : {})} />}
        </div>
        <aside className="sql-history">
          <b className="small">History</b>
          {sql.history.map((h) => (
            <button key={h.at} className="history-item" onClick={() => editor.current?.replaceAll(h.sql)} title={h.error ?? `${h.rows} rows · ${h.ms} ms`}>
              <span className={`mono small${h.error ? ' err' : ''}`}>{h.sql.slice(0, 120)}</span>
            </button>
          ))}
        </aside>
      </div>
    </div>
  );
}
