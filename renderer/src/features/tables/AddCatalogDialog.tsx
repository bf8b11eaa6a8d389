import { useState } from 'react';
import type { CatalogSpec } from '../../../../shared/model/lake';
import { ObjectStoreSelect } from '../../components/ObjectStoreSelect';
import { Dialog, DialogActions } from '../../components/Dialog';

/** Add a SQL catalog (SQLite file, pyiceberg/JDBC layout) or one table by its metadata.json. */
export function AddCatalogDialog(props: { onAdd: (label: string, spec: CatalogSpec) => void; onClose: () => void }) {
  const [kind, setKind] = useState<CatalogSpec['kind']>('sqlite');
  const [label, setLabel] = useState('');
  const [path, setPath] = useState('');
  const [warehouse, setWarehouse] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // Tables at s3:// locations are read with the chosen profile's S3 settings and sealed keys.
  const [storeProfile, setStoreProfile] = useState('');

  const add = () => {
    if (!path.trim()) return setProblem(kind === 'sqlite' ? 'Enter the path of the catalog’s SQLite file' : 'Enter a metadata.json path (or a table folder)');
    const objectStore = storeProfile ? { objectStore: { profileId: storeProfile } } : {};
    const spec: CatalogSpec =
      kind === 'sqlite'
        ? { kind, path: path.trim(), ...(warehouse.trim() ? { warehouse: warehouse.trim() } : {}), ...(name.trim() ? { name: name.trim() } : {}), ...objectStore }
        : { kind, location: path.trim(), ...objectStore };
    props.onAdd(label.trim() || path.trim().split('/').filter(Boolean).slice(-1)[0] || 'catalog', spec);
  };

  return (
    <Dialog title="Add a catalog" className="wide editor" testId="add-catalog-dialog" onClose={props.onClose}>
      <div className="field">
        <label htmlFor="catalog-kind">Kind</label>
        <select id="catalog-kind" value={kind} onChange={(e) => setKind(e.target.value as CatalogSpec['kind'])} data-testid="catalog-kind">
          <option value="sqlite">SQL catalog (SQLite file; pyiceberg SqlCatalog / Iceberg JDBC layout)</option>
          <option value="metadata">One table from its metadata.json</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="catalog-path">{kind === 'sqlite' ? 'SQLite file' : 'metadata.json'}</label>
        <input id="catalog-path" type="text" className="mono" value={path} onChange={(e) => setPath(e.target.value)} placeholder={kind === 'sqlite' ? '/path/to/catalog.db' : '/warehouse/db/events/metadata/v3.metadata.json'} data-testid="catalog-path" />
      </div>
      {kind === 'sqlite' && (
        <>
          <div className="field">
            <label htmlFor="catalog-name">Catalog name</label>
            <input id="catalog-name" type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="the catalog_name column; empty: the only one in the file" data-testid="catalog-name" />
          </div>
          <div className="field">
            <label htmlFor="catalog-warehouse">Warehouse</label>
            <input id="catalog-warehouse" type="text" className="mono" value={warehouse} onChange={(e) => setWarehouse(e.target.value)} placeholder="folder or s3:// URL for new tables (optional)" data-testid="catalog-warehouse" />
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor="catalog-store">Object store</label>
        <ObjectStoreSelect id="catalog-store" value={storeProfile} onChange={setStoreProfile} testId="catalog-store" />
      </div>
      <div className="field">
        <label htmlFor="catalog-label">Label</label>
        <input id="catalog-label" type="text" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="how the tree shows it" data-testid="catalog-label" />
      </div>
      {problem && <div className="banner error small">{problem}</div>}
      <DialogActions>
        <button className="btn" onClick={props.onClose}>
          Cancel
        </button>
        <button className="btn primary" onClick={add} data-testid="catalog-add">
          Add
        </button>
      </DialogActions>
    </Dialog>
  );
}
