import { useEffect, useState } from 'react';
import type { LandExport } from '../../../../shared/model/land-export';
import { Dialog, DialogActions } from '../../components/Dialog';
import { useAction } from '../../components/use-action';
import { coreClient } from '../../stores/core-store';
import { useConnections } from '../../stores/connections-store';

/** A landing job as an Apache Iceberg Kafka Connect sink: its config, the guarantees side by side, deploy onto a Connect cluster. */
export function ExportDialog(props: { jobId: string; profileId: string; onClose: () => void }) {
  const clusters = useConnections((s) => s.profiles.find((p) => p.id === props.profileId)?.connect ?? []);
  const [table, setTable] = useState('');
  const [cluster, setCluster] = useState(clusters[0]?.id ?? '');
  const [result, setResult] = useState<LandExport | null>(null);
  const action = useAction();
  const request = (deploy: boolean) => ({ job: props.jobId, ...(table.trim() ? { table: table.trim() } : {}), ...(deploy ? { deploy: { cluster } } : {}) });
  const run = (deploy: boolean) => action.run(async () => setResult(await coreClient().call('land.export', request(deploy))));

  useEffect(() => {
    void run(false);
    // Once on open; later exports follow the table box on request (its buttons).
  }, []);

  return (
    <Dialog title="Run on Kafka Connect (Apache Iceberg sink)" className="wide" testId="export-dialog" onClose={props.onClose}>
      <label className="muted small">
        Land into another table (namespace.table), empty for the job's own: one table should have one writer.
        <input type="text" value={table} onChange={(e) => setTable(e.target.value)} placeholder="db.orders_sink" data-testid="export-table" />
      </label>
      {action.problem && <div className="problem err" data-testid="export-problem">{action.problem}</div>}
      {result && (
        <>
          <table className="guarantees" data-testid="export-guarantees">
            <thead><tr><th></th><th>Floe's job</th><th>Iceberg sink on Connect</th></tr></thead>
            <tbody>
              {result.guarantees.map((g) => (
                <tr key={g.topic}><th>{g.topic}</th><td>{g.floe}</td><td>{g.sink}</td></tr>
              ))}
            </tbody>
          </table>
          {result.notes.map((n) => <div key={n} className="problem">{n}</div>)}
          <pre className="trace" data-testid="export-config">{JSON.stringify({ name: result.connector, config: result.config }, null, 2)}</pre>
          {result.deployed && <div className="problem" data-testid="export-deployed">{result.deployed.created ? 'Created' : 'Updated'} connector {result.connector} on {result.deployed.cluster}.</div>}
        </>
      )}
      <DialogActions>
        {clusters.length > 1 && (
          <select value={cluster} onChange={(e) => setCluster(e.target.value)} style={{ width: 'auto' }}>
            {clusters.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        )}
        <button className="btn" onClick={() => void run(false)} disabled={action.busy}>Export</button>
        <button className="btn primary" onClick={() => void run(true)} disabled={action.busy || clusters.length === 0} title={clusters.length === 0 ? 'The profile has no Kafka Connect cluster' : 'Creates or updates the connector after the plugin validates it'} data-testid="export-deploy">
          Deploy
        </button>
        <button className="btn" onClick={props.onClose}>Close</button>
      </DialogActions>
    </Dialog>
  );
}
