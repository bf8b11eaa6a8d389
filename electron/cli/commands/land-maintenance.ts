import { FloeError } from '../../../shared/errors';
import { formatDuration } from '../../../shared/maintain-units';
import { LAND_MAINTENANCE_DEFAULTS, LandMaintenance, type LandMaintenanceStatus } from '../../../shared/model/land';
import { parse } from '../args';
import { openCore } from '../context';
import { duration, size, whole } from '../maintain-args';
import { formatBytes, type Io } from '../output';

export const LAND_MAINTENANCE_FLAGS = `[--maintenance on|off] [--compact-every 1h] [--compact-files 360] [--target-file-size 128m]
         [--expire-every 30m] [--expire-older-than 1h] [--retain-last 100] [--orphans-every 1d] [--orphans-older-than 3d] [--max-manifests 100]`;

export const LAND_MAINTENANCE_USAGE = `floe land maintenance NAME [${LAND_MAINTENANCE_FLAGS.replace(/\s+/g, ' ')}] [--json]
                                   shows the job's maintenance schedule and what it last did; with flags, changes the schedule (from the job's next start)`;

export const LAND_MAINTENANCE_OPTIONS = {
  maintenance: { type: 'string' },
  'compact-every': { type: 'string' },
  'compact-files': { type: 'string' },
  'target-file-size': { type: 'string' },
  'expire-every': { type: 'string' },
  'expire-older-than': { type: 'string' },
  'retain-last': { type: 'string' },
  'orphans-every': { type: 'string' },
  'orphans-older-than': { type: 'string' },
  'max-manifests': { type: 'string' },
} as const;

type Flags = Partial<Record<keyof typeof LAND_MAINTENANCE_OPTIONS, string>>;

const FLAG_OF: Record<string, string> = {
  compactEveryMs: 'compact-every',
  compactFiles: 'compact-files',
  targetFileBytes: 'target-file-size',
  expireEveryMs: 'expire-every',
  expireOlderThanMs: 'expire-older-than',
  retainLast: 'retain-last',
  orphansEveryMs: 'orphans-every',
  orphansOlderThanMs: 'orphans-older-than',
  maxManifests: 'max-manifests',
};

/** Whether any schedule flag was given. */
export function hasMaintenanceFlags(values: Flags): boolean {
  return Object.keys(LAND_MAINTENANCE_OPTIONS).some((k) => values[k as keyof Flags] !== undefined);
}

/** The schedule the flags make of `base` (the defaults, or a job's schedule): refused with the flag's name when a value is not allowed. */
export function maintenanceFrom(values: Flags, base: LandMaintenance = LAND_MAINTENANCE_DEFAULTS): LandMaintenance {
  const on = values.maintenance;
  if (on !== undefined && on !== 'on' && on !== 'off') throw new FloeError('BAD_INPUT', `--maintenance takes on or off, not "${on}"`);
  const next: Record<string, unknown> = { ...base, ...(on ? { enabled: on === 'on' } : {}) };
  for (const [key, flag] of Object.entries(FLAG_OF)) {
    const text = values[flag as keyof Flags];
    if (text === undefined) continue;
    next[key] = /Ms$/.test(key) ? duration(flag, text) : key === 'targetFileBytes' ? size(flag, text) : whole(flag, text);
  }
  const parsed = LandMaintenance.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FloeError('BAD_INPUT', `--${FLAG_OF[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`);
  }
  return parsed.data;
}

/** The schedule in a few lines, as `floe land maintenance` and the job page say it. */
export function describeMaintenance(m: LandMaintenance, status: LandMaintenanceStatus | null | undefined): string {
  if (!m.enabled) return 'Maintenance: off (turn it on with --maintenance on)';
  const lines = [
    'Maintenance (between the job’s commits):',
    `  compact    every ${formatDuration(m.compactEveryMs)}, or once ${m.compactFiles} data files came since the last compaction${m.targetFileBytes ? ` (files of ${formatBytes(m.targetFileBytes)})` : ''}`,
    `  manifests  rewritten past ${m.maxManifests}`,
    `  expire     every ${formatDuration(m.expireEveryMs)}: snapshots older than ${formatDuration(m.expireOlderThanMs)}, keeping the last ${m.retainLast} and the job's offsets`,
    `  orphans    every ${formatDuration(m.orphansEveryMs)}: unreferenced files older than ${formatDuration(m.orphansOlderThanMs)}`,
  ];
  const runs = Object.values(status?.last ?? {});
  lines.push(runs.length ? 'Last runs:' : 'Last runs: none yet');
  for (const r of runs.sort((a, b) => a.atMs - b.atMs)) lines.push(`  ${r.operation.padEnd(10)} ${new Date(r.atMs).toISOString()} ${r.ok ? 'ok' : 'FAILED'} in ${r.durationMs} ms (${r.why}): ${r.message}`);
  return lines.join('\n');
}

/** `floe land maintenance NAME [flags]`: shows the schedule and its last runs, or changes the schedule. */
export async function landMaintenance(argv: string[], io: Io): Promise<void> {
  const { values, positionals } = parse(argv, LAND_MAINTENANCE_OPTIONS);
  const name = positionals[0];
  if (!name) throw new FloeError('BAD_INPUT', `usage: ${LAND_MAINTENANCE_USAGE}`);
  const core = openCore('cli');
  try {
    let job = await core.client.call('land.get', { job: name });
    if (hasMaintenanceFlags(values)) job = await core.client.call('land.setMaintenance', { job: job.id, maintenance: maintenanceFrom(values, job.spec.maintenance) });
    if (values.json) return io.out(JSON.stringify({ job: job.spec.name, maintenance: job.spec.maintenance, status: job.status?.maintenance ?? null }, null, 2));
    io.out(`${job.spec.name}: ${describeMaintenance(job.spec.maintenance, job.status?.maintenance)}`);
    if (hasMaintenanceFlags(values) && job.running) io.err('The job is running: the new schedule applies from its next start');
  } finally {
    await core.close();
  }
}
