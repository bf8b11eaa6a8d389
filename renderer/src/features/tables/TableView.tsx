import { useEffect, useState } from 'react';
import type { OpenTable } from '../../stores/lake-store';
import { PreviewTab } from './PreviewTab';
import { SnapshotsTab } from './SnapshotsTab';
import { FilesTab } from './FilesTab';
import { DiffTab } from './DiffTab';
import { MaintenanceTab } from './MaintenanceTab';

const TABS = { preview: 'Preview', schema: 'Schema', snapshots: 'Snapshots', files: 'Files', diff: 'Diff', properties: 'Properties', maintenance: 'Maintenance' } as const;
type Tab = keyof typeof TABS;

/** One Iceberg table: preview any snapshot, schema with field ids, partitioning, snapshot timeline, files, diff, health and maintenance. */
export function TableView(props: { open: OpenTable }) {
  const { view, snapshots, error, id } = props.open;
  const [tab, setTab] = useState<Tab>('preview');
  const [snapshotId, setSnapshotId] = useState<bigint | null>(null);
  const name = [...id.namespace, id.name].join('.');
  // A picked snapshot that maintenance expired is gone: show the current one instead.
  useEffect(() => {
    if (snapshotId !== null && !snapshots.some((s) => s.snapshotId === snapshotId)) setSnapshotId(null);
  }, [snapshots, snapshotId]);
  if (error) return <div className="banner error" data-testid="table-error">{error}</div>;
  if (!view) return <div className="empty"><span className="spinner" /> Reading {name}…</div>;

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="mono" data-testid="table-title">
          {name}
        </h1>
        <span className="meta">
          format v{view.formatVersion} · {view.snapshotCount} snapshot(s) · {view.schema.length} column(s)
          {view.partitionSpec.length ? ` · partitioned by ${view.partitionSpec.map((p) => `${p.transform}(${p.name})`).join(', ')}` : ' · unpartitioned'}
        </span>
      </div>
      <div className="tabs" role="tablist">
        {(Object.keys(TABS) as Tab[]).map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)} data-testid={`table-tab-${t}`}>
            {TABS[t]}
          </button>
        ))}
      </div>
      <div className="page-body" style={{ display: 'flex', flexDirection: 'column' }}>
        {tab === 'preview' && <PreviewTab snapshots={snapshots} currentId={view.currentSnapshotId} snapshotId={snapshotId} onSnapshot={setSnapshotId} />}
        {tab === 'snapshots' && <SnapshotsTab snapshots={snapshots} current={view.currentSnapshotId} onPreview={(s) => (setSnapshotId(s), setTab('preview'))} />}
        {tab === 'files' && <FilesTab snapshots={snapshots} snapshotId={snapshotId} onSnapshot={setSnapshotId} />}
        {tab === 'diff' && <DiffTab view={view} snapshots={snapshots} />}
        {tab === 'maintenance' && <MaintenanceTab />}
        {tab === 'schema' && (
          <div className="tab-body">
            <table className="grid" data-testid="schema-table">
              <thead>
                <tr>
                  <th className="num">Field id</th>
                  <th>Name</th>
                  <th>Type</th>
                  <th>Required</th>
                  <th>Doc</th>
                </tr>
              </thead>
              <tbody>
                {view.schema.map((f) => (
                  <tr key={f.id}>
                    <td className="num">{f.id}</td>
                    <td className="mono">
                      {f.name} {view.identifierFields.includes(f.name) && <span className="badge" title="An identifier field: part of the table's row key">identifier</span>}
                    </td>
                    <td className="mono">{f.type}</td>
                    <td>{f.required ? 'yes' : ''}</td>
                    <td className="muted">{f.doc ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Partition spec</h3>
            {view.partitionSpec.length === 0 ? (
              <p className="muted">Unpartitioned.</p>
            ) : (
              <table className="grid">
                <tbody>
                  {view.partitionSpec.map((p) => (
                    <tr key={p.fieldId}>
                      <td className="mono">{p.name}</td>
                      <td className="mono">{p.transform}</td>
                      <td className="muted">source field {p.sourceId}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
        {tab === 'properties' && (
          <div className="tab-body">
            <table className="grid">
              <tbody>
                {[['location', view.location], ['metadata', view.metadataLocation], ['uuid', view.tableUuid], ...view.refs.map((r) => [`${r.type} ${r.name}`, String(r.snapshotId)]), ...Object.entries(view.properties)].map(([k, v]) => (
                  <tr key={k}>
                    <td className="mono">{k}</td>
                    <td className="mono small">{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}
