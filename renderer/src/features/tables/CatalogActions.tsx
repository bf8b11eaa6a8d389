import { useState } from 'react';
import type { TableId } from '../../../../shared/model/lake';
import { coreClient } from '../../stores/core-store';
import { useLake } from '../../stores/lake-store';
import { useAction } from '../../components/use-action';
import { ConfirmByName } from '../../components/ConfirmByName';
import { parseFieldLines, parseTableName } from './table-form';
import { Dialog, DialogActions } from '../../components/Dialog';

/** New namespace or table in a SQL catalog. */
export function CreateInCatalog(props: { catalogId: string; onClose: () => void }) {
  const { specOf, loadTree } = useLake();
  const [kind, setKind] = useState<'namespace' | 'table'>('table');
  const [name, setName] = useState('');
  const [fields, setFields] = useState('id long required\nname string\ncreated_at timestamptz');
  const { busy, problem, run } = useAction();
  const create = async () => {
    const done = await run(async () => {
      const catalog = specOf(props.catalogId);
      if (kind === 'namespace') return coreClient().call('lake.createNamespace', { catalog, namespace: name.trim().split('.').filter(Boolean) });
      return coreClient().call('lake.createTable', { catalog, table: parseTableName(name), fields: parseFieldLines(fields) });
    });
    if (done) {
      void loadTree(props.catalogId);
      props.onClose();
    }
  };
  return (
    <Dialog title="Create" label="Create in catalog" className="wide editor" testId="create-in-catalog" onClose={props.onClose}>
      <div className="row">
        <label>
          <input type="radio" checked={kind === 'table'} onChange={() => setKind('table')} /> table
        </label>
        <label>
          <input type="radio" checked={kind === 'namespace'} onChange={() => setKind('namespace')} data-testid="create-namespace-kind" /> namespace
        </label>
      </div>
      <div className="field">
        <label htmlFor="create-name">Name</label>
        <input id="create-name" type="text" className="mono" value={name} onChange={(e) => setName(e.target.value)} placeholder={kind === 'table' ? 'db.events' : 'db'} data-testid="create-name" />
      </div>
      {kind === 'table' && (
        <div className="field">
          <label htmlFor="create-fields">Columns</label>
          <textarea id="create-fields" rows={6} value={fields} onChange={(e) => setFields(e.target.value)} spellCheck={false} data-testid="create-fields" />
        </div>
      )}
      {kind === 'table' && <p className="muted small">One column a line: name, Iceberg type (long, string, decimal(10, 2), timestamptz…), optionally “required”. The table is format v2, unpartitioned.</p>}
      {problem && <div className="banner error small" data-testid="create-error">{problem}</div>}
      <DialogActions>
        <button className="btn" onClick={props.onClose}>
          Cancel
        </button>
        <button className="btn primary" onClick={() => void create()} disabled={busy || !name.trim()} data-testid="create-submit">
          Create
        </button>
      </DialogActions>
    </Dialog>
  );
}

/** Drop a table or an (empty) namespace after its name is typed back. */
export function DropFromCatalog(props: { catalogId: string; target: { table: TableId } | { namespace: string[] }; onClose: () => void }) {
  const { specOf, loadTree, open } = useLake();
  const { problem, run } = useAction();
  const isTable = 'table' in props.target;
  const name = 'table' in props.target ? [...props.target.table.namespace, props.target.table.name].join('.') : props.target.namespace.join('.');
  const drop = async () => {
    const target = props.target;
    const done = await run(async () => {
      const catalog = specOf(props.catalogId);
      return 'table' in target ? coreClient().call('lake.dropTable', { catalog, table: target.table }) : coreClient().call('lake.dropNamespace', { catalog, namespace: target.namespace });
    });
    if (done) {
      if (isTable && open && [...open.id.namespace, open.id.name].join('.') === name) useLake.setState({ open: null });
      void loadTree(props.catalogId);
      props.onClose();
    }
  };
  return (
    <ConfirmByName
      title={`Drop ${isTable ? 'table' : 'namespace'} “${name}”?`}
      explain={isTable ? 'The table is removed from the catalog; its data and metadata files stay where they are.' : 'Only an empty namespace can be dropped.'}
      name={name}
      action="Drop"
      error={problem}
      onCancel={props.onClose}
      onConfirm={() => void drop()}
    />
  );
}
