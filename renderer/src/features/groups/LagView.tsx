import type { GroupLagTotals, PartitionLag } from '../../../../shared/model/groups';
import { formatCount } from '../../components/number-format';

const RESET_NOTE = "The group never committed here: its consumers start where their auto.offset.reset says, which Floe cannot see. 'earliest' reads every retained record; 'latest' reads only new ones.";

/** A partition's lag: end − committed, or for a never-committed partition both possible starts, labelled. */
export function LagCell(props: { row: PartitionLag }) {
  const { row } = props;
  if (row.lag !== null) return <>{formatCount(row.lag)}</>;
  if (row.ifEarliest === null) return <span className="muted">—</span>;
  return (
    <span className="uncommitted-lag" title={RESET_NOTE} data-testid="lag-uncommitted">
      <b>{formatCount(row.ifEarliest)}</b> <span className="muted small">if earliest · 0 if latest</span>
    </span>
  );
}

/** "lag 340 · +961 unread in 3 never-committed partitions if the group starts at earliest (0 at latest)". */
export function LagTotalsText(props: { totals: GroupLagTotals; testId?: string }) {
  const { totalLag, uncommitted } = props.totals;
  return (
    <span data-testid={props.testId}>
      {totalLag === null ? (uncommitted.partitions ? 'nothing committed' : '—') : formatCount(totalLag)}
      {uncommitted.partitions > 0 && (
        <span className="warn" title={RESET_NOTE}>
          {' '}
          + {formatCount(uncommitted.ifEarliest)} in {uncommitted.partitions} never-committed partition{uncommitted.partitions === 1 ? '' : 's'} if earliest (0 if latest)
        </span>
      )}
    </span>
  );
}
