import { useEffect, useState } from 'react';
import type { RecordDetail } from '../../../../shared/model/messages';
import type { ProduceResult } from '../../../../shared/model/produce';
import { useMessages } from '../../stores/messages-store';
import { useNav } from '../../stores/nav-store';
import { ExportDialog } from './ExportDialog';
import { ProduceDialog } from '../produce/ProduceDialog';
import { RecordDetailPane } from './RecordDetailPane';
import { RecordGrid } from './RecordGrid';
import { SearchBar } from './SearchBar';
import { StartBar } from './StartBar';
import { DecodingBar } from './DecodingBar';
import { emptyProduceForm, formFromRecord, type ProduceForm } from '../produce/produce-form';
import { describeSummary, formatDuration } from './message-format';
import { formatCount } from '../../components/number-format';
import { useTimeFormat } from '../../stores/time-zone-store';
import './messages.css';

/** The message viewer: read from any position, page, tail, search; never joins a group or commits. */
export function MessagesView(props: { profileId: string; topic: string; partitions: number[] }) {
  const { profileId, topic } = props;
  const { open, read, goTo, rows, mode, loading, error, notice, summary, selected, detail, detailError, select, onlyUndecodable } = useMessages();
  const [produce, setProduce] = useState<{ title: string; form: ProduceForm } | null>(null);
  const [exporting, setExporting] = useState(false);
  const [produced, setProduced] = useState<string | null>(null);
  const time = useTimeFormat();

  const pendingRecord = useNav((s) => s.record);
  useEffect(() => {
    open(profileId, topic);
    if (useNav.getState().record?.topic !== topic) void read({ kind: 'latest', count: 200 });
  }, [profileId, topic, open, read]);
  // A link to one record (a dead letter's source): its partition from its offset, the record selected.
  useEffect(() => {
    const target = pendingRecord ? useNav.getState().takeRecord(topic) : null;
    if (target) void goTo(target.partition, target.offset);
  }, [pendingRecord, topic, goTo]);

  const onProduced = (result?: ProduceResult) => {
    setProduce(null);
    if (result) setProduced(`Produced ${result.count} record(s)${result.written[0] ? `, first at ${result.written[0].partition}:${result.written[0].offset}` : ''} in ${formatDuration(result.ms)}`);
  };
  // The grid's rows: all, or only undecodable ones (a search with the box ticked already found only those).
  const { undecodable } = rows;
  const shown = onlyUndecodable ? undecodable : rows;
  const reproduce = (d: RecordDetail) => setProduce({ title: `Re-produce ${d.partition}:${d.offset} (edit first)`, form: formFromRecord(topic, d) });

  return (
    <div className="messages">
      <StartBar partitions={props.partitions} />
      <DecodingBar profileId={profileId} topic={topic} />
      <SearchBar partitions={props.partitions} />
      <div className="toolbar slim">
        <span className="muted" data-testid="messages-status">
          {mode === 'tail' ? `live tail · ${formatCount(rows.length)} new record(s)` : `${formatCount(rows.length)} record(s)${loading ? ' · loading…' : ''}`}
          {undecodable.length > 0 && (
            <span className="err" data-testid="undecodable-count">
              {' '}
              · {formatCount(undecodable.length)} undecodable{onlyUndecodable ? ' (only these shown)' : ''}
            </span>
          )}
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
          {time.localize(notice)}
        </div>
      )}
      {produced && (
        <div className="banner small" data-testid="produced">
          {produced}
        </div>
      )}
      {summary && (
        <div className={`banner small ${summary.stoppedBecause === 'complete' ? '' : 'warn'}`} data-testid="search-summary">
          {time.localize(describeSummary(summary))}
        </div>
      )}
      <div className="split">
        <div className="split-main">
          {shown.length === 0 && !loading ? (
            <div className="empty">
              <h2>{onlyUndecodable && rows.length > 0 ? 'Every record here decoded' : mode === 'tail' ? 'Waiting for new records…' : mode === 'search' ? 'No matches' : 'No records here'}</h2>
              <p>{onlyUndecodable ? 'Untick “only undecodable” to see them, or Search to look for undecodable records over the whole topic.' : 'Pick where to start above (beginning, an offset, a time), or produce one.'}</p>
            </div>
          ) : (
            <RecordGrid rows={shown} selected={selected} onSelect={(r) => void select(r)} />
          )}
        </div>
        {selected && <RecordDetailPane profileId={profileId} topic={topic} detail={detail} error={detailError} onReproduce={reproduce} />}
      </div>
      {produce && <ProduceDialog profileId={profileId} initial={produce.form} title={produce.title} onClose={onProduced} />}
      {exporting && <ExportDialog profileId={profileId} topic={topic} onClose={() => setExporting(false)} />}
    </div>
  );
}
