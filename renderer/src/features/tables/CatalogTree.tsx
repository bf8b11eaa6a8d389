import { useEffect, useState } from 'react';
import { CreateInCatalog, DropFromCatalog } from './CatalogActions';
import type { TableId } from '../../../../shared/model/lake';
import { tablesByNamespace, useLake, type SavedCatalog } from '../../stores/lake-store';

function CatalogNode(props: { catalog: SavedCatalog }) {
  const { catalog } = props;
  const { trees, loadTree, openTable, open, removeCatalog } = useLake();
  const tree = trees[catalog.id];
  const [creating, setCreating] = useState(false);
  const [dropping, setDropping] = useState<{ table: TableId } | { namespace: string[] } | null>(null);
  const editable = catalog.spec.kind === 'sqlite';
  useEffect(() => {
    if (!tree) void loadTree(catalog.id);
  }, [tree, loadTree, catalog.id]);

  const byNamespace = tablesByNamespace(tree ?? { namespaces: [], tables: [] });

  return (
    <li data-testid="catalog-node" data-label={catalog.label}>
      <div className="tree-catalog row">
        <b title={catalog.spec.kind === 'sqlite' ? catalog.spec.path : catalog.spec.location}>{catalog.label}</b>
        <div style={{ flex: 1 }} />
        {editable && (
          <button className="btn small" onClick={() => setCreating(true)} title="New namespace or table" data-testid="catalog-create">
            +
          </button>
        )}
        <button className="btn small" onClick={() => void loadTree(catalog.id)} title="Reload">
          ↻
        </button>
        <button className="btn small" onClick={() => removeCatalog(catalog.id)} title="Remove from this list (nothing is deleted)">
          ✕
        </button>
      </div>
      {tree?.loading && <div className="muted small"><span className="spinner" /> listing…</div>}
      {tree?.error && <div className="err small" data-testid="catalog-error">{tree.error}</div>}
      <ul>
        {[...byNamespace.entries()].map(([ns, tables]) => (
          <li key={ns}>
            <div className="row tree-ns">
              <span className="muted small mono">{ns || '(no namespace)'}</span>
              {editable && ns && tables.length === 0 && (
                <button className="btn small tree-drop" onClick={() => setDropping({ namespace: ns.split('.') })} title="Drop this empty namespace">
                  ✕
                </button>
              )}
            </div>
            <ul>
              {tables.map((t) => {
                const selected = open?.catalogId === catalog.id && open.id.name === t.name && open.id.namespace.join('.') === ns;
                return (
                  <li key={t.name} className="row tree-row">
                    <button className={`tree-table${selected ? ' selected' : ''}`} onClick={() => void openTable(catalog.id, t)} data-testid="table-node" data-table={[...t.namespace, t.name].join('.')}>
                      {t.name}
                    </button>
                    {editable && (
                      <button className="btn small tree-drop" onClick={() => setDropping({ table: t })} title="Drop table" data-testid="drop-table">
                        ✕
                      </button>
                    )}
                  </li>
                );
              })}
              {tables.length === 0 && <li className="muted small">no tables</li>}
            </ul>
          </li>
        ))}
      </ul>
      {creating && <CreateInCatalog catalogId={catalog.id} onClose={() => setCreating(false)} />}
      {dropping && <DropFromCatalog catalogId={catalog.id} target={dropping} onClose={() => setDropping(null)} />}
    </li>
  );
}

export function CatalogTree() {
  const catalogs = useLake((s) => s.catalogs);
  return (
    <ul className="catalog-tree" data-testid="catalog-tree">
      {catalogs.map((c) => (
        <CatalogNode key={c.id} catalog={c} />
      ))}
    </ul>
  );
}
