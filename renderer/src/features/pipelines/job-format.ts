import type { LandJobSpecParsed, LandStatus } from '../../../../shared/model/land';
import { formatCount } from '../../components/number-format';

/** "db.events": a job's target table as the catalogs show it. */
export const tableName = (spec: Pick<LandJobSpecParsed, 'table'>) => [...spec.table.namespace, spec.table.name].join('.');

/** What a job is doing: its state, or "not started" before it ever ran. */
export function stateOf(job: { running: boolean; status: LandStatus | null }): LandStatus['state'] | 'not started' {
  if (!job.status) return job.running ? 'running' : 'not started';
  return job.status.state;
}

/** "2.5 s", "42 s", "3 min", "2 h 5 min": how far behind the table is. */
export function formatSeconds(seconds: number): string {
  if (seconds < 10) return `${Math.round(seconds * 10) / 10} s`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "1,093 records · 2.5 s behind", or "caught up". */
export function lagText(status: Pick<LandStatus, 'lagRecords' | 'lagSeconds'>): string {
  if (status.lagRecords === 0) return 'caught up';
  const records = `${formatCount(status.lagRecords)} record${status.lagRecords === 1 ? '' : 's'}`;
  return status.lagSeconds > 0 ? `${records} · ${formatSeconds(status.lagSeconds)} behind` : records;
}

/** "decode 3 · skipped 1 · dead-lettered 2", only the kinds that happened; "none" without any. */
export function errorsText(errors: LandStatus['errors']): string {
  const parts = [
    ['decode', errors.decode],
    ['skipped', errors.skipped],
    ['dead-lettered', errors.deadLettered],
  ] as const;
  const seen = parts.filter(([, n]) => n > 0).map(([what, n]) => `${what} ${formatCount(n)}`);
  return seen.length ? seen.join(' · ') : 'none';
}

/** The mode a job lands in: its own, what the core chose from the topic once it ran, or the rule it will use. */
export function modeText(spec: Pick<LandJobSpecParsed, 'mode'>, status: LandStatus | null): string {
  if (spec.mode) return spec.mode;
  if (status?.mode) return `${status.mode} (from the topic)`;
  return 'from the topic';
}
