import { useState } from 'react';
import type { CatalogSpec, ExportFormat, ExportResult } from '../../../../shared/model/lake';
import { coreClient, useCore } from '../../stores/core-store';
import { useAction } from '../../components/use-action';
import { formatBytes } from '../../components/number-format';

/** Runs the query again in full (no row limit) and has the core write it to Floe's exports folder. */
export function SaveResultButton(props: { sql: string; catalog?: CatalogSpec; timeoutSeconds?: number }) {
  const dataDir = useCore((s) => s.info?.dataDir ?? '');
  const [format, setFormat] = useState<ExportFormat>('parquet');
  const [saved, setSaved] = useState<ExportResult | null>(null);
  const { busy, problem, run } = useAction();
  const save = async () => {
    const path = `${dataDir}/exports/query-${new Date().toISOString().replace(/[:.]/g, '-')}.${format === 'jsonl' ? 'jsonl' : format}`;
    const { catalog, timeoutSeconds } = props;
    const result = await run(() =>
      coreClient().call('lake.export', { sql: props.sql, format, path, ...(catalog ? { catalog } : {}), ...(timeoutSeconds ? { timeoutSeconds } : {}) }),
    );
    setSaved(result ?? null);
  };
  return (
    <span className="row small">
      <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} style={{ width: 110 }} data-testid="save-format">
        <option value="parquet">Parquet</option>
        <option value="csv">CSV</option>
        <option value="jsonl">JSON Lines</option>
      </select>
      <button className="btn small" onClick={() => void save()} disabled={busy} title="The whole result, not just the rows shown" data-testid="save-result">
        {busy ? 'Saving…' : 'Save all rows'}
      </button>
      {saved && (
        <span className="muted" data-testid="saved">
          {saved.rowCount.toLocaleString('en-US')} rows, {formatBytes(saved.sizeBytes)} → <code>{saved.path}</code>
        </span>
      )}
      {problem && <span className="err">{problem}</span>}
    </span>
  );
}
