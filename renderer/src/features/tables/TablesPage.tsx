import { useState } from 'react';
import { useLake } from '../../stores/lake-store';
import { AddCatalogDialog } from './AddCatalogDialog';
import { CatalogTree } from './CatalogTree';
import { TableView } from './TableView';
import './tables.css';

/** The lakehouse room: catalogs on the left, the open table on the right. */
export function TablesPage() {
  const { catalogs, open, addCatalog, loadTree } = useLake();
  const [adding, setAdding] = useState(false);
  return (
    <div className="tables-room">
      <aside className="catalog-pane">
        <div className="row" style={{ padding: '8px 10px' }}>
          <b>Catalogs</b>
          <div style={{ flex: 1 }} />
          <button className="btn small" onClick={() => setAdding(true)} data-testid="add-catalog">
            Add…
          </button>
        </div>
        {catalogs.length === 0 ? <p className="muted small" style={{ padding: '0 10px' }}>Add a SQL catalog (SQLite) or a table’s metadata.json to browse Iceberg tables.</p> : <CatalogTree />}
      </aside>
      <section className="table-pane">
        {open ? (
          <TableView key={`${open.catalogId}:${open.id.namespace.join('.')}.${open.id.name}`} open={open} />
        ) : (
          <div className="empty">
            <h2>Open a table</h2>
            <p>Pick a table in a catalog to preview its snapshots, read its schema and files, or compare two snapshots. Query tables together in <b>SQL</b>.</p>
          </div>
        )}
      </section>
      {adding && (
        <AddCatalogDialog
          onClose={() => setAdding(false)}
          onAdd={(label, spec) => {
            setAdding(false);
            void loadTree(addCatalog(label, spec).id);
          }}
        />
      )}
    </div>
  );
}
