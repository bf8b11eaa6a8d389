import type { LandJobSpecParsed } from '../../../../shared/model/land';
import { formatBytes } from '../../components/number-format';
import { useTimeFormat } from '../../stores/time-zone-store';
import { formatSeconds } from './job-format';

const METADATA: Record<LandJobSpecParsed['metadataColumns'], string> = { none: 'none', tableflow: 'Tableflow’s $$ names', floe: 'portable floe_ names' };

/** How a job was set up: catalog, commit policy, start, bad-record policy, metadata columns, partition spec. */
export function JobSettings(props: { spec: LandJobSpecParsed }) {
  const { spec } = props;
  const time = useTimeFormat();
  const catalog = spec.catalog;
  const start = typeof spec.start === 'string' ? spec.start : `from ${time.formatWithZone(spec.start.timestampMs)}`;
  return (
    <section className="card">
      <b>Settings</b>
      <dl className="job-settings" data-testid="job-settings">
        <dt>Catalog</dt>
        <dd className="mono small">
          {catalog.kind === 'sqlite' ? catalog.path : catalog.kind === 'rest' ? catalog.uri : catalog.location}
          {catalog.kind !== 'metadata' && catalog.warehouse ? <span className="muted"> · warehouse {catalog.warehouse}</span> : null}
        </dd>
        <dt>Commit</dt>
        <dd>
          every {formatSeconds(spec.commit.intervalMs / 1000)}
          {spec.commit.maxBytes ? ` or ${formatBytes(spec.commit.maxBytes)}` : ''}
        </dd>
        <dt>Start</dt>
        <dd>{start} <span className="muted small">(first run; later runs resume from the table)</span></dd>
        <dt>Bad records</dt>
        <dd>{spec.badRecords}</dd>
        {spec.keyFields && (
          <>
            <dt>Key columns</dt>
            <dd className="mono">{spec.keyFields.join(', ')}</dd>
          </>
        )}
        <dt>Metadata columns</dt>
        <dd>{METADATA[spec.metadataColumns]}</dd>
        <dt>Partition spec</dt>
        <dd className="mono">{spec.partitionBy.length ? spec.partitionBy.join(', ') : 'unpartitioned'}</dd>
      </dl>
    </section>
  );
}
