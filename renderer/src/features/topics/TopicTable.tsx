import type { TopicSummary } from '../../../../shared/model/topic';
import { VirtualRows } from '../../components/VirtualRows';
import { highlight, type Sort, type SortKey } from './topic-view';
import { formatBytes, formatCount } from '../../components/number-format';

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Topic', numeric: false },
  { key: 'partitions', label: 'Partitions', numeric: true },
  { key: 'replicationFactor', label: 'RF', numeric: true },
  { key: 'messages', label: 'Messages', numeric: true },
  { key: 'sizeBytes', label: 'Size', numeric: true },
];

export function TopicTable(props: { topics: TopicSummary[]; query: string; sort: Sort; onSort: (sort: Sort) => void; onOpen: (name: string) => void; sizeNote?: string }) {
  const { sort, onSort, query } = props;
  const header = (
    <div className="trow head" role="row">
      {COLUMNS.map((c) => (
        <div key={c.key} className={c.numeric ? 'num' : undefined} role="columnheader">
          <button
            aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined}
            onClick={() => onSort({ key: c.key, descending: sort.key === c.key ? !sort.descending : c.numeric })}
            data-testid={`sort-${c.key}`}
          >
            {c.label}
            {sort.key === c.key ? (sort.descending ? ' ▾' : ' ▴') : ''}
          </button>
        </div>
      ))}
    </div>
  );
  return (
    <VirtualRows
      testId="topic-table"
      rows={props.topics}
      rowHeight={28}
      header={header}
      renderRow={(t) => (
        <div className="trow body" role="row" key={t.name} onClick={() => props.onOpen(t.name)} style={{ cursor: 'pointer' }} data-testid="topic-row" data-topic={t.name}>
          <div className="name" title={t.name}>
            {highlight(t.name, query).map((run, i) => (run.match ? <mark key={i}>{run.text}</mark> : <span key={i}>{run.text}</span>))}
            {t.internal && <span className="badge" style={{ marginLeft: 6 }}>internal</span>}
          </div>
          <div className="num">{t.partitions}</div>
          <div className="num">{t.replicationFactor}</div>
          <div className="num">{formatCount(t.messages)}</div>
          <div className="num" title={t.sizeBytes === null ? props.sizeNote : `${formatCount(t.sizeBytes)} bytes`}>
            {formatBytes(t.sizeBytes)}
          </div>
        </div>
      )}
    />
  );
}
