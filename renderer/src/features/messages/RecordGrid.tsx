import type { BrowseRecord } from '../../../../shared/model/messages';
import { isUndecodable } from '../../../../shared/model/record';
import { VirtualRows } from '../../components/VirtualRows';
import { formatCount } from '../../components/number-format';
import { useTimeFormat } from '../../stores/time-zone-store';
import type { RowSource } from '../../stores/record-rows';
import { DecodeBadge } from './DecodeBadge';

/** Records in a virtualized grid: only the rows in view are in the DOM, so a million rows scroll smoothly. */
export function RecordGrid(props: { rows: RowSource; selected: { partition: number; offset: number } | null; onSelect: (r: BrowseRecord) => void }) {
  const { selected } = props;
  const time = useTimeFormat();
  const header = (
    <div className="mrow head" role="row">
      <div className="num">P</div>
      <div className="num">Offset</div>
      <div title={`Times in ${time.zoneName} (switch at the top right)`} data-testid="grid-time-header">
        Timestamp ({time.zone === 'utc' ? 'UTC' : 'local'})
      </div>
      <div>Key</div>
      <div>Value</div>
      <div className="num">Hdrs</div>
      <div className="num">Size</div>
      <div className="num">Schema</div>
    </div>
  );
  return (
    <VirtualRows
      testId="record-grid"
      rows={props.rows}
      rowHeight={26}
      header={header}
      renderRow={(r) => {
        const isSelected = selected?.partition === r.partition && selected.offset === r.offset;
        return (
          <div
            className={`mrow body${isSelected ? ' selected' : ''}${isUndecodable(r) ? ' undecodable' : ''}`}
            role="row"
            key={`${r.partition}:${r.offset}`}
            onClick={() => props.onSelect(r)}
            data-testid="record-row"
            data-partition={r.partition}
            data-offset={r.offset}
          >
            <div className="num">{r.partition}</div>
            <div className="num">{formatCount(r.offset)}</div>
            <div className="mono" title={time.formatWithZone(r.timestamp)}>
              {time.format(r.timestamp)}
            </div>
            <div className="mono part" title={r.keyPreview}>
              <DecodeBadge part={r.key} which="key" />
              {r.key.kind === 'null' ? <span className="muted">null</span> : r.keyPreview}
            </div>
            <div className="mono part" title={r.valuePreview}>
              <DecodeBadge part={r.value} which="value" />
              {r.value.kind === 'null' ? <span className="muted">null</span> : r.valuePreview}
            </div>
            <div className="num">{r.headers.length || ''}</div>
            <div className="num">{formatCount(r.size)}</div>
            <div className="num">{r.schemaId ?? ''}</div>
          </div>
        );
      }}
    />
  );
}
