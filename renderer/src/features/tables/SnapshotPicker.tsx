import type { SnapshotView } from '../../../../shared/model/lake';
import { useTimeFormat } from '../../stores/time-zone-store';

export const snapshotLabel = (s: SnapshotView, formatTime: (ms: number) => string) => `${formatTime(s.timestampMs)} · ${s.operation ?? '?'} · ${String(s.snapshotId)}${s.refs.length ? ` (${s.refs.join(', ')})` : ''}`;

/** Choose a snapshot, newest first; the empty choice means the current one. */
export function SnapshotPicker(props: { snapshots: SnapshotView[]; value: bigint | null; onChange: (id: bigint | null) => void; allowCurrent?: boolean; testId?: string }) {
  const rows = [...props.snapshots].sort((a, b) => b.timestampMs - a.timestampMs);
  const time = useTimeFormat();
  return (
    <select value={props.value === null ? '' : String(props.value)} onChange={(e) => props.onChange(e.target.value ? BigInt(e.target.value) : null)} style={{ maxWidth: 520 }} data-testid={props.testId}>
      {props.allowCurrent !== false && <option value="">current snapshot</option>}
      {rows.map((s) => (
        <option key={String(s.snapshotId)} value={String(s.snapshotId)}>
          {snapshotLabel(s, time.formatWithZone)}
        </option>
      ))}
    </select>
  );
}
