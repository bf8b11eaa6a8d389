import type { BrowseRecord } from '../../../../shared/model/messages';
import { VirtualRows } from '../../components/VirtualRows';
import { formatTimestamp } from './message-format';

const HEADER = (
  <div className="mrow head" role="row">
    <div className="num">P</div>
    <div className="num">Offset</div>
    <div>Timestamp</div>
    <div>Key</div>
    <div>Value</div>
    <div className="num">Hdrs</div>
    <div className="num">Size</div>
    <div className="num">Schema</div>
  </div>
);

/** Records in a virtualized grid: only the rows in view are in the DOM, so a million rows scroll smoothly. */
export function RecordGrid(props: { rows: BrowseRecord[]; selected: { partition: number; offset: number } | null; onSelect: (r: BrowseRecord) => void }) {
  const { selected } = props;
  return (
    <VirtualRows
      testId="record-grid"
      rows={props.rows}
      rowHeight={26}
      header={HEADER}
      renderRow={(r) => {
        const isSelected = selected?.partition === r.partition && selected.offset === r.offset;
        const failed = r.value.error ?? r.key.error;
        const fellBack = r.value.fallback ?? r.key.fallback;
        return (
          <div
            className={`mrow body${isSelected ? ' selected' : ''}`}
            role="row"
            key={`${r.partition}:${r.offset}`}
            onClick={() => props.onSelect(r)}
            data-testid="record-row"
            data-partition={r.partition}
            data-offset={r.offset}
          >
            <div className="num">{r.partition}</div>
            <div className="num">{r.offset}</div>
            <div className="mono">{formatTimestamp(r.timestamp)}</div>
            <div className="mono" title={r.keyPreview}>
              {r.key.kind === 'null' ? <span className="muted">null</span> : r.keyPreview}
            </div>
            <div className={`mono${failed ? ' err' : ''}`} title={failed ?? fellBack ?? r.valuePreview}>
              {r.value.kind === 'null' ? <span className="muted">null</span> : r.valuePreview}
            </div>
            <div className="num">{r.headers.length || ''}</div>
            <div className="num">{r.size}</div>
            <div className="num">{r.schemaId ?? ''}</div>
          </div>
        );
      }}
    />
  );
}
