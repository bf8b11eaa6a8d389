import { FloeError } from '../../../shared/errors';
import type { LandJobSpec, LandStatus } from '../../../shared/model/land';
import { LAKE_OPTIONS, catalogFrom } from '../lake-target';
import { parse } from '../args';
import { openCore } from '../context';
import { table, type Io } from '../output';
import { readTime } from '../time-arg';
import { withCluster } from './cluster-session';
import { LAND_EXPORT_USAGE, landExport } from './land-export';
import { LAND_MAINTENANCE_FLAGS, LAND_MAINTENANCE_OPTIONS, LAND_MAINTENANCE_USAGE, landMaintenance, maintenanceFrom } from './land-maintenance';

const USAGE = `floe land create NAME --topic T --table NS.TABLE --catalog sqlite:PATH [--warehouse DIR] [--mode append|upsert|cdc]
         [--key COL,…] [--partition-by 'day(ts)' …] [--interval SECONDS] [--max-mb N] [--start earliest|latest|TIME]
         [--bad-records suspend|skip|dead-letter] [--dlq TOPIC] [--metadata-columns none|tableflow|floe] [cluster flags]
         ${LAND_MAINTENANCE_FLAGS}
       floe land run NAME [--json]        land in the foreground until Ctrl+C (commits what it staged), or until it pauses
       floe land stop NAME                asks a running job to stop (after its next commit)
       floe land status [NAME] [--json]   floe land ls [--json]     floe land delete NAME
       floe land where NAME PARTITION OFFSET [--json]
       floe land history NAME [--since TIME] [--json]   lag (records, seconds) and throughput, one sample per 10 s, the last day
       ${LAND_MAINTENANCE_USAGE}
       ${LAND_EXPORT_USAGE}`;

const CREATE_OPTIONS = {
  topic: { type: 'string' },
  table: { type: 'string' },
  mode: { type: 'string' },
  key: { type: 'string' },
  'partition-by': { type: 'string', multiple: true },
  interval: { type: 'string' },
  'max-mb': { type: 'string' },
  start: { type: 'string' },
  'bad-records': { type: 'string' },
  dlq: { type: 'string' },
  'metadata-columns': { type: 'string' },
  ...LAND_MAINTENANCE_OPTIONS,
  ...LAKE_OPTIONS,
} as const;

function positiveNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new FloeError('BAD_INPUT', `--${flag} takes a positive number, not "${text}"`);
  return n;
}

function startOf(text: string | undefined): LandJobSpec['start'] {
  if (text === undefined || text === 'earliest' || text === 'latest') return text ?? 'earliest';
  const t = readTime(text);
  if (!t.ok) throw new FloeError('BAD_INPUT', `--start takes earliest, latest or an ISO-8601 time: "${text}" ${t.why}`);
  return { timestampMs: t.ms };
}

function sinceOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = readTime(text);
  if (!t.ok) throw new FloeError('BAD_INPUT', `--since takes an ISO-8601 time or @epoch-ms: "${text}" ${t.why}`);
  return t.ms;
}

function statusLine(s: LandStatus): string {
  const commit = s.lastCommit ? `last commit ${new Date(s.lastCommit.atMs).toISOString()} (${s.lastCommit.records} records, snapshot ${s.lastCommit.snapshotId})` : 'no commit yet';
  const errors = s.errors.decode ? `, ${s.errors.decode} bad (${s.errors.skipped} skipped, ${s.errors.deadLettered} dead-lettered)` : '';
  return `${s.name}: ${s.state}${s.reason ? ` — ${s.reason}` : ''}; ${s.mode ?? 'mode pending'} into ${s.table}; lag ${s.lagRecords} records (${s.lagSeconds.toFixed(1)} s); ${s.recordsPerSec}/s; landed ${s.landedRecords}; ${commit}${errors}`;
}

async function create(argv: string[], io: Io) {
  await withCluster(argv, CREATE_OPTIONS, async ({ core, profileId, values, positionals }) => {
    const name = positionals[0];
    if (!name || !values.topic || !values.table) throw new FloeError('BAD_INPUT', `usage: ${USAGE.split('\n')[0]}`);
    const parts = values.table.split('.');
    if (parts.length < 2 || parts.some((p) => !p)) throw new FloeError('BAD_INPUT', `--table takes NAMESPACE.TABLE, not "${values.table}"`);
    const catalog = catalogFrom(values);
    if (catalog.kind === 'sqlite' && !catalog.warehouse) throw new FloeError('BAD_INPUT', 'A new table needs a place for its files: pass --warehouse DIR with a sqlite: catalog');
    const interval = positiveNumber('interval', values.interval);
    const maxMb = positiveNumber('max-mb', values['max-mb']);
    const spec: LandJobSpec = {
      name,
      profileId,
      topic: values.topic,
      catalog: catalog.kind === 'sqlite' ? { ...catalog, create: true } : catalog,
      table: { namespace: parts.slice(0, -1), name: parts.at(-1)! },
      ...(values.mode ? { mode: values.mode as 'append' } : {}),
      ...(values.key ? { keyFields: values.key.split(',').map((k) => k.trim()) } : {}),
      partitionBy: values['partition-by'] ?? [],
      commit: { intervalMs: Math.round((interval ?? 10) * 1000), ...(maxMb ? { maxBytes: Math.round(maxMb * 1024 * 1024) } : {}) },
      start: startOf(values.start),
      badRecords: (values['bad-records'] as 'suspend' | undefined) ?? 'suspend',
      ...(values.dlq ? { deadLetterTopic: values.dlq } : {}),
      metadataColumns: (values['metadata-columns'] as 'none' | undefined) ?? 'none',
      maintenance: maintenanceFrom(values),
    };
    const job = await core.client.call('land.create', spec);
    if (values.json) return io.out(JSON.stringify(job, null, 2));
    io.out(`Created landing job ${job.spec.name} (${job.id}): ${job.spec.topic} → ${[...job.spec.table.namespace, job.spec.table.name].join('.')}. Run it with: floe land run ${job.spec.name}`);
  });
}

/** Runs a job in this process: status on stderr (JSON lines on stdout with --json) until Ctrl+C, `floe land stop`, or a pause. */
async function run(argv: string[], io: Io) {
  await withCluster(argv, {}, async ({ core, values, positionals }) => {
    const name = positionals[0];
    if (!name) throw new FloeError('BAD_INPUT', 'usage: floe land run NAME');
    const land = await core.host.land();
    const started = land.start(name);
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const off = land.onStatus((s) => (values.json ? io.out(JSON.stringify(s)) : io.err(statusLine(s))));
    // Another process's `floe land stop` clears the job's running mark: stop here too.
    const poll = setInterval(() => {
      try {
        if (!land.store.get(started.id).running) stop.abort();
      } catch {
        stop.abort();
      }
    }, 1000);
    try {
      const final = await land.wait(started.id, stop.signal);
      if (final && !values.json) io.out(statusLine(final));
      if (final && (final.state === 'paused' || final.state === 'failed')) throw new FloeError('CONFLICT', `${final.name} ${final.state}: ${final.reason}`);
    } finally {
      clearInterval(poll);
      off();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}

export const landCommand = {
  summary: 'Land a topic into an Iceberg table, exactly once (append, upsert, Debezium CDC)',
  usage: USAGE,
  async run(argv: string[], io: Io): Promise<void> {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'create':
        return create(rest, io);
      case 'run':
        return run(rest, io);
      case 'export':
        return landExport(rest, io);
      case 'maintenance':
        return landMaintenance(rest, io);
    }
    const { values, positionals } = parse(rest, { since: { type: 'string' } });
    if (values.since !== undefined && sub !== 'history') throw new FloeError('BAD_INPUT', '--since goes with floe land history');
    const core = openCore('cli');
    try {
      const land = await core.host.land();
      switch (sub) {
        case 'ls':
        case 'status': {
          const jobs = positionals[0] ? [land.get(positionals[0])] : land.list();
          if (values.json) return io.out(JSON.stringify(sub === 'ls' ? jobs : jobs.map((j) => j.status), null, 2));
          if (sub === 'status') return io.out(jobs.map((j) => (j.status ? statusLine(j.status) : `${j.spec.name}: never ran`)).join('\n'));
          return io.out(
            table(
              ['NAME', 'TOPIC', 'TABLE', 'MODE', 'STATE', 'LAG', 'LANDED'],
              jobs.map((j) => [j.spec.name, j.spec.topic, [...j.spec.table.namespace, j.spec.table.name].join('.'), j.status?.mode ?? j.spec.mode ?? 'auto', j.status?.state ?? 'created', j.status?.lagRecords ?? '-', j.status?.landedRecords ?? 0]),
            ),
          );
        }
        case 'stop': {
          const job = land.store.get(positionals[0] ?? '');
          land.store.update(job.id, (j) => ({ ...j, running: false }));
          return io.out(`Asked ${job.spec.name} to stop: a running \`floe land run\` commits what it staged and ends`);
        }
        case 'delete':
          await land.remove(positionals[0] ?? '');
          return io.out(`Deleted landing job ${positionals[0]} (the table and its snapshots stay)`);
        case 'where': {
          const [job, p, o] = positionals;
          if (!job || !/^\d+$/.test(p ?? '') || !/^\d+$/.test(o ?? '')) throw new FloeError('BAD_INPUT', 'usage: floe land where NAME PARTITION OFFSET');
          const w = await land.where(job, Number(p), Number(o));
          return io.out(values.json ? JSON.stringify(w, null, 2) : w.message);
        }
        case 'history': {
          if (!positionals[0]) throw new FloeError('BAD_INPUT', 'usage: floe land history NAME [--since TIME]');
          const samples = land.history(positionals[0], sinceOf(values.since));
          if (values.json) return io.out(JSON.stringify({ samples }, null, 2));
          if (samples.length === 0) return io.out(`${positionals[0]}: no samples yet (taken every 10 s while the job runs)`);
          return io.out(table(['AT', 'LAG RECORDS', 'LAG S', 'RECORDS/S'], samples.map((x) => [new Date(x.at).toISOString(), x.lagRecords, x.lagSeconds, x.recordsPerSec])));
        }
        default:
          throw new FloeError('BAD_INPUT', `usage: ${USAGE}`);
      }
    } finally {
      await core.close();
    }
  },
};
