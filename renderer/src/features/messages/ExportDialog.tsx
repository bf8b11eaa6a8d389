import { useState } from 'react';
import type { ExportSummary, ScanRange, SearchProgress } from '../../../../shared/model/messages';
import { coreClient, useCore } from '../../stores/core-store';
import { useMessages } from '../../stores/messages-store';
import type { RowSource } from '../../stores/record-rows';
import { describeProgress } from './message-format';
import { formatCount } from '../../components/number-format';
import { Dialog, DialogActions } from '../../components/Dialog';

/** Writes the records on screen, or everything a search over the topic selects, to JSON Lines or CSV. */
export function ExportDialog(props: { profileId: string; topic: string; onClose: () => void }) {
  const { rows: all, partitions, onlyUndecodable } = useMessages();
  const rows = onlyUndecodable ? all.undecodable : all;
  const dataDir = useCore((s) => s.info?.dataDir ?? '');
  const [format, setFormat] = useState<'jsonl' | 'csv'>('jsonl');
  const [what, setWhat] = useState<'shown' | 'filter'>(rows.length ? 'shown' : 'filter');
  const [filter, setFilter] = useState('');
  const [path, setPath] = useState(`${dataDir}/exports/${props.topic}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const [progress, setProgress] = useState<SearchProgress | null>(null);
  const [result, setResult] = useState<ExportSummary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [abort, setAbort] = useState<AbortController | null>(null);

  const run = async () => {
    const controller = new AbortController();
    setAbort(controller);
    setProblem(null);
    setResult(null);
    const range: ScanRange = { kind: 'all' };
    const select =
      what === 'shown'
        ? { kind: 'records' as const, records: firstRefs(rows, 100_000) }
        : { kind: 'search' as const, range, undecodable: onlyUndecodable, ...(partitions ? { partitions } : {}), ...(filter.trim() ? { filter: filter.trim() } : {}) };
    try {
      const summary = await coreClient().stream('messages.export', { profileId: props.profileId, topic: props.topic, format, path: `${path}.${format}`, select }, setProgress, { signal: controller.signal });
      setResult(summary);
    } catch (e) {
      setProblem((e as Error).message);
    } finally {
      setAbort(null);
    }
  };

  return (
    <Dialog title={`Export records of ${props.topic}`} label="Export records" className="wide" testId="export-dialog" onClose={props.onClose}>
      <div className="row">
        <label>
          <input type="radio" checked={what === 'shown'} disabled={!rows.length} onChange={() => setWhat('shown')} /> the {formatCount(rows.length)} records shown
        </label>
        <label>
          <input type="radio" checked={what === 'filter'} onChange={() => setWhat('filter')} /> every {onlyUndecodable ? 'undecodable ' : ''}record matching a filter
        </label>
      </div>
      {what === 'filter' && <input type="text" className="mono" placeholder="CEL filter (empty: every record)" value={filter} onChange={(e) => setFilter(e.target.value)} style={{ marginTop: 8 }} />}
      <div className="row" style={{ marginTop: 8 }}>
        <select value={format} onChange={(e) => setFormat(e.target.value as 'jsonl' | 'csv')} style={{ width: 140 }}>
          <option value="jsonl">JSON Lines</option>
          <option value="csv">CSV</option>
        </select>
        <input type="text" className="mono" value={path} onChange={(e) => setPath(e.target.value)} data-testid="export-path" />
        <span className="muted">.{format}</span>
      </div>
      {progress && !result && <div className="mono small muted">{describeProgress(progress)}</div>}
      {result && (
        <div className="banner small" data-testid="export-result">
          Wrote {formatCount(result.written)} records ({formatCount(result.bytes)} bytes) to <code>{result.path}</code>
        </div>
      )}
      {problem && <div className="banner error small">{problem}</div>}
      <DialogActions>
        {abort ? (
          <button className="btn danger" onClick={() => abort.abort()}>
            Cancel
          </button>
        ) : (
          <button className="btn primary" onClick={() => void run()} data-testid="export-run">
            Export
          </button>
        )}
        <button className="btn" onClick={props.onClose}>
          Close
        </button>
      </DialogActions>
    </Dialog>
  );
}

/** Where the first `max` rows are. */
function firstRefs(rows: RowSource, max: number): { partition: number; offset: number }[] {
  const refs: { partition: number; offset: number }[] = [];
  for (let i = 0; i < Math.min(rows.length, max); i++) {
    const r = rows.at(i)!;
    refs.push({ partition: r.partition, offset: r.offset });
  }
  return refs;
}
