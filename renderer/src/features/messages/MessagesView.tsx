import { useEffect, useState } from 'react';
import type { RecordDetail } from '../../../../shared/model/messages';
import type { ProduceResult } from '../../../../shared/model/produce';
import { useMessages } from '../../stores/messages-store';
import { ExportDialog } from './ExportDialog';
import { ProduceDialog } from '../produce/ProduceDialog';
import { RecordDetailPane } from './RecordDetailPane';
import { RecordGrid } from './RecordGrid';
import { SearchBar } from './SearchBar';
import { StartBar } from './StartBar';
import { DecodingBar } from './DecodingBar';
import { emptyProduceForm, formFromRecord, type ProduceForm } from '../produce/produce-form';
import { formatDuration } from './message-format';
import './messages.css';

/** The message viewer: read from any position, page, tail, search; never joins a group or commits. */
export function MessagesView(props: { profileId: string; topic: string; partitions: number[] }) {
  const { profileId, topic } = props;
  const { open, read, rows, mode, loading, error, notice, summary, selected, detail, detailError, select } = useMessages();
  const [produce, setProduce] = useState<{ title: string; form: ProduceForm } | null>(null);
  const [exporting, setExporting] = useState(false);
  const [produced, setProduced] = useState<string | null>(null);

  useEffect(() => {
    open(profileId, topic);
    void read({ kind: 'latest', count: 200 });
  }, [profileId, topic, open, read]);

  const onProduced = (result?: ProduceResult) => {
    setProduce(null);
    if (result) setProduced(`Produced ${result.count} record(s)${result.written[0] ? `, first at ${result.written[0].partition}:${result.written[0].offset}` : ''} in ${formatDuration(result.ms)}`);
  };
  const reproduce = (d: RecordDetail) => setProduce({ title: `Re-produce ${d.partition}:${d.offset} (edit first)`, form: formFromRecord(topic, d) });

  return (
    <div className="messages">
      <StartBar partitions={props.partitions} />
      <DecodingBar profileId={profileId} topic={topic} />
      <SearchBar partitions={props.partitions} />
      <div className="toolbar slim">
        <span className="muted" data-testid="messages-status">
          {mode === 'tail' ? `live tail · ${rows.length.toLocaleString('en-US')} new record(s)` : `${rows.length.toLocaleString('en-US')} record(s)${loading ? ' · loading…' : ''}`}
        </span>
        <div style={{ flex: 1 }} />
        <button className="btn small" onClick={() => setProduce({ title: `Produce to ${topic}`, form: emptyProduceForm(topic) })} data-testid="produce">
          Produce…
        </button>
        <button className="btn small" onClick={() => setExporting(true)} data-testid="export">
          Export…
        </button>
      </div>
      {error && (
        <div className="banner error" data-testid="messages-error">
          {error}
        </div>
      )}
      {notice && (
        <div className="banner warn small" data-testid="messages-notice">
          {notice}
        </div>
      )}
      {produced && (
        <div className="banner small" data-testid="produced">
          {produced}
        </div>
      )}
      {summary && (
        <div className="banner small" data-testid="search-summary">
          {summary.stoppedBecause === 'complete' ? 'Scanned everything asked' : `Stopped at ${summary.matched} matches`}: {summary.ranges.map((r) => `p${r.partition} [${r.from}, ${r.scannedTo})${r.scannedTo < r.to ? ` of [${r.from}, ${r.to})` : ''}`).join(', ')}
          {summary.decodeErrors.length > 0 && ` · not decoded: ${summary.decodeErrors.map((d) => `${d.count}× ${d.reason}`).join('; ')}`}
          {summary.filterErrors.length > 0 && ` · filter failed on: ${summary.filterErrors.map((d) => `${d.count}× ${d.message}`).join('; ')}`}
        </div>
      )}
      <div className="split">
        <div className="split-main">
          {rows.length === 0 && !loading ? (
            <div className="empty">
              <h2>{mode === 'tail' ? 'Waiting for new records…' : mode === 'search' ? 'No matches' : 'No records here'}</h2>
              <p>Pick where to start above (beginning, an offset, a time), or produce one.</p>
            </div>
          ) : (
            <RecordGrid rows={rows} selected={selected} onSelect={(r) => void select(r)} />
          )}
        </div>
        {selected && <RecordDetailPane profileId={profileId} topic={topic} detail={detail} error={detailError} onReproduce={reproduce} />}
      </div>
      {produce && <ProduceDialog profileId={profileId} initial={produce.form} title={produce.title} onClose={onProduced} />}
      {exporting && <ExportDialog profileId={profileId} topic={topic} onClose={() => setExporting(false)} />}
    </div>
  );
}
