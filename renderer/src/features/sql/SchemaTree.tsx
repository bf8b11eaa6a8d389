import { useEffect, useState, type ReactNode } from 'react';
import type { TableId } from '../../../../shared/model/lake';
import { tablesByNamespace, useLake, type SavedCatalog } from '../../stores/lake-store';
import { tableKey, useSqlSchema } from '../../stores/sql-schema-store';
import { sqlIdent, tableSqlName } from './completion';

/** A row that opens and closes what is under it; its name is a separate button (a click inserts it). */
function Branch(props: { label: ReactNode; open: boolean; onToggle: () => void; testId: string; name: string; children: ReactNode }) {
  return (
    <li data-testid={props.testId} data-name={props.name}>
      <div className="schema-row">
        <button className="schema-toggle" onClick={props.onToggle} aria-expanded={props.open} aria-label={`${props.open ? 'Collapse' : 'Expand'} ${props.name}`} data-testid={`${props.testId}-toggle`}>
          {props.open ? '▾' : '▸'}
        </button>
        {props.label}
      </div>
      {props.open && <ul>{props.children}</ul>}
    </li>
  );
}

function TableNode(props: { catalogId: string; table: TableId; onInsert: (text: string) => void }) {
  const { catalogId, table } = props;
  const [open, setOpen] = useState(false);
  const loaded = useSqlSchema((s) => s.views[catalogId]?.[tableKey(table)]);
  const loadView = useSqlSchema((s) => s.loadView);
  const name = [...table.namespace, table.name].join('.');
  useEffect(() => {
    if (open) void loadView(catalogId, table);
  }, [open, loadView, catalogId, table]);
  const label = (
    <button className="schema-name mono" onClick={() => props.onInsert(tableSqlName(table))} title={`Insert ${tableSqlName(table)}`} data-testid="schema-table-name">
      {table.name}
    </button>
  );
  return (
    <Branch label={label} open={open} onToggle={() => setOpen(!open)} testId="schema-table" name={name}>
      {loaded && 'loading' in loaded && <li className="muted small">reading…</li>}
      {loaded && 'error' in loaded && <li className="err small">{loaded.error}</li>}
      {loaded &&
        'value' in loaded &&
        loaded.value.schema.map((f) => (
          <li key={f.id} className="schema-row">
            <button className="schema-name mono" onClick={() => props.onInsert(sqlIdent(f.name))} title={`Insert ${sqlIdent(f.name)}${f.doc ? ` — ${f.doc}` : ''}`} data-testid="schema-column">
              {f.name}
            </button>
            <span className="schema-type mono" title={f.type}>
              {f.type}
              {f.required ? ' not null' : ''}
            </span>
          </li>
        ))}
    </Branch>
  );
}

function CatalogNode(props: { catalog: SavedCatalog; querying: boolean; onUse: () => void; onInsert: (text: string) => void }) {
  const { catalog } = props;
  const tree = useLake((s) => s.trees[catalog.id]);
  const loadTree = useLake((s) => s.loadTree);
  const forget = useSqlSchema((s) => s.forget);
  const [open, setOpen] = useState(props.querying);
  const [openNs, setOpenNs] = useState<Record<string, boolean>>({});
  useEffect(() => {
    if (open && !tree) void loadTree(catalog.id);
  }, [open, tree, loadTree, catalog.id]);
  const reload = () => {
    forget(catalog.id);
    void loadTree(catalog.id);
  };
  const label = (
    <>
      <b className="schema-catalog">{catalog.label}</b>
      {props.querying ? (
        <span className="badge" title="Queries run over this catalog">queried</span>
      ) : (
        <button className="btn small" onClick={props.onUse} title="Run queries over this catalog" data-testid="schema-use-catalog">
          use
        </button>
      )}
      <button className="btn small schema-reload" onClick={reload} title="Read the tables and columns again">
        ↻
      </button>
    </>
  );
  return (
    <Branch label={label} open={open} onToggle={() => setOpen(!open)} testId="schema-catalog" name={catalog.label}>
      {tree?.loading && <li className="muted small">listing…</li>}
      {tree?.error && <li className="err small">{tree.error}</li>}
      {tree &&
        [...tablesByNamespace(tree)].map(([ns, tables]) => (
          <Branch key={ns} label={<span className="mono">{ns || '(no namespace)'}</span>} open={openNs[ns] ?? true} onToggle={() => setOpenNs({ ...openNs, [ns]: !(openNs[ns] ?? true) })} testId="schema-namespace" name={ns}>
            {tables.map((t) => (
              <TableNode key={t.name} catalogId={catalog.id} table={t} onInsert={props.onInsert} />
            ))}
            {tables.length === 0 && <li className="muted small">no tables</li>}
          </Branch>
        ))}
    </Branch>
  );
}

/** The catalogs → namespaces → tables → columns (with types) the SQL room can query; a click on a name inserts it. */
export function SchemaTree(props: { queryCatalogId: string | undefined; onUse: (catalogId: string) => void; onInsert: (text: string) => void }) {
  const catalogs = useLake((s) => s.catalogs);
  return (
    <aside className="sql-schema" data-testid="sql-schema">
      <b className="small">Schema</b>
      {catalogs.length === 0 && <p className="muted small">No catalogs yet: add one in the Tables room.</p>}
      <ul className="schema-tree">
        {catalogs.map((c) => (
          <CatalogNode key={c.id} catalog={c} querying={c.id === props.queryCatalogId} onUse={() => props.onUse(c.id)} onInsert={props.onInsert} />
        ))}
      </ul>
    </aside>
  );
}
