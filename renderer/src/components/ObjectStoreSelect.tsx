import { useMemo } from 'react';
import { useConnections } from '../stores/connections-store';

/**
 * Where a catalog's files live: local files, or the S3 store of a connection profile (its settings and sealed keys
 * stay in the core; the value is the profile id, empty for local files).
 */
export function ObjectStoreSelect(props: { id: string; value: string; onChange: (profileId: string) => void; testId: string }) {
  const profiles = useConnections((s) => s.profiles);
  const s3Profiles = useMemo(() => profiles.filter((p) => p.objectStore?.kind === 's3'), [profiles]);
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
      <option value="">local files only</option>
      {s3Profiles.map((p) => (
        <option key={p.id} value={p.id}>
          S3 of “{p.name}”
        </option>
      ))}
    </select>
  );
}
