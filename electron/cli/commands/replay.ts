import { FloeError } from '../../../shared/errors';
import { isCrossCluster, replayGuarantee, type ReplayJob, type ReplayPlan, type ReplaySource, type ReplaySpec } from '../../../shared/model/replay';
import type { GroupTransform, TransformResult } from '../../../shared/model/replay-transform';
import type { Io } from '../output';
import { table } from '../output';
import { SELECTION_OPTIONS, selectionFrom, timeFlag, type SelectionFlags } from '../selection-flags';
import { withCluster } from './cluster-session';
import type { CoreSession } from '../context';

const OPTIONS = {
  ...SELECTION_OPTIONS,
  'from-dlq': { type: 'string' },
  topic: { type: 'string' },
  partition: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'dry-run': { type: 'boolean' },
  rate: { type: 'string' },
  again: { type: 'boolean' },
  'by-key': { type: 'boolean' },
  'no-run': { type: 'boolean' },
  when: { type: 'string' },
  set: { type: 'string', multiple: true },
  remove: { type: 'string', multiple: true },
  'as-subject': { type: 'string' },
  'changed-only': { type: 'boolean' },
  'to-profile': { type: 'string' },
} as const;

const int = (name: string, text: string | undefined, min = 0): number => {
  const n = Number(text);
  if (text === undefined || !Number.isSafeInteger(n) || n < min) throw new FloeError('BAD_INPUT', `--${name} must be a whole number ≥ ${min}, not "${text ?? ''}"`);
  return n;
};

/** --from / --until of a partition replay: an offset, or a time (ISO-8601 or @epoch-ms). */
function partitionSource(values: Record<string, unknown>): ReplaySource {
  const topic = values.topic as string;
  const partition = int('partition', values.partition as string | undefined);
  const from = values.from as string | undefined;
  const until = values.until as string | undefined;
  const isOffset = (t: string | undefined) => t === undefined || /^\d+$/.test(t);
  const key = String(partition);
  if (isOffset(from) && isOffset(until))
    return { kind: 'partition', topic, partition, range: { kind: 'offsets', from: from === undefined ? undefined : { [key]: Number(from) }, to: until === undefined ? undefined : { [key]: Number(until) } } };
  if (isOffset(from) !== isOffset(until) && from !== undefined && until !== undefined) throw new FloeError('BAD_INPUT', '--from and --until must both be offsets or both be times');
  const to = until === undefined ? undefined : timeFlag('until', until);
  return { kind: 'partition', topic, partition, range: { kind: 'time', from: from === undefined ? 0 : timeFlag('from', from), ...(to !== undefined ? { to } : {}) } };
}

function specFrom(values: Record<string, unknown>, profileId: string): ReplaySpec {
  const dlq = values['from-dlq'] as string | undefined;
  if (!dlq && !values.topic) throw new FloeError('BAD_INPUT', 'floe replay needs --from-dlq TOPIC or --topic T --partition P (see floe replay --help)');
  if (dlq && values.topic) throw new FloeError('BAD_INPUT', '--from-dlq and --topic name two sources: give one');
  const source: ReplaySource = dlq ? { kind: 'dlq', topic: dlq, selection: selectionFrom(values as SelectionFlags) } : partitionSource(values);
  if (!dlq && !values.to) throw new FloeError('BAD_INPUT', 'a partition replay needs --to TOPIC');
  const rate = values.rate === undefined ? undefined : int('rate', values.rate as string, 1);
  return { profileId, source, target: { ...(values.to ? { topic: values.to as string } : {}), partitioning: values['by-key'] ? 'key' : 'original' }, ...(rate ? { rate } : {}), again: Boolean(values.again) };
}

/** `--set path=EXPR … --remove path … [--when CEL] [--as-subject S]`: one transform for every selected dead letter; null without --set/--remove. */
function transformFrom(values: Record<string, unknown>): GroupTransform | null {
  const sets = (values.set as string[] | undefined) ?? [];
  const removes = (values.remove as string[] | undefined) ?? [];
  if (sets.length + removes.length === 0) {
    if (values.when !== undefined || values['as-subject'] !== undefined || values['changed-only']) throw new FloeError('BAD_INPUT', '--when, --as-subject and --changed-only go with --set path=EXPR or --remove path');
    return null;
  }
  if (!values['from-dlq']) throw new FloeError('BAD_INPUT', '--set and --remove fix dead letters: use them with --from-dlq');
  const set = sets.map((text) => {
    const at = text.indexOf('=');
    if (at <= 0) throw new FloeError('BAD_INPUT', `--set takes path=EXPR (a field, then a CEL expression), not "${text}"`);
    return { path: text.slice(0, at).trim(), expr: text.slice(at + 1) };
  });
  const subject = values['as-subject'] as string | undefined;
  return { ...(values.when ? { when: values.when as string } : {}), set, remove: removes, encoding: subject ? { kind: 'schema', subject } : { kind: 'json' } };
}

function printTransform(t: TransformResult, io: Io) {
  for (const p of t.previews.slice(0, 5)) io.err(`  ${p.partition}:${p.offset}  ${p.before.slice(0, 80)}\n      → ${p.after?.slice(0, 80) ?? `cannot: ${p.problem}`}`);
  io.err(`Transform: ${t.edits.length} of ${t.scanned} records changed, ${t.unchanged} replayed as they are (--when)${t.failed ? `, ${t.failed} it cannot fix` : ''}`);
}

function printPlan(plan: ReplayPlan, io: Io) {
  io.out(table(['SOURCE', 'TARGET', 'KEY', 'VALUE', 'EDITED'], plan.sends.map((s) => [`${s.source.topic}/${s.source.partition}@${s.source.offset}`, `${s.target.topic}/${s.target.partition}`, s.key ?? 'null', (s.value ?? 'null').slice(0, 60), s.edited ? 'yes' : ''])));
  io.out(table(['TARGET', 'PARTITION', 'RECORDS'], plan.targets.map((t) => [t.topic, t.partition, t.count])));
  for (const p of plan.problems) io.err(`! ${p.source.partition}:${p.source.offset}: ${p.message}`);
  for (const n of plan.notes) io.err(n);
  io.err(`Dry run: ${plan.selected} records would be sent (${plan.skipped} read and not selected); nothing was sent`);
}

export const jobLine = (j: ReplayJob) =>
  `${j.id}  ${j.status}  ${j.progress.sent} sent, ${j.progress.read}/${j.progress.total} read${j.progress.recordsPerSec ? `, ${j.progress.recordsPerSec} rec/s` : ''}${j.progress.etaMs !== null && j.status === 'running' ? `, ETA ${Math.ceil(j.progress.etaMs / 1000)} s` : ''}${j.message ? `  — ${j.message}` : ''}`;

/** A job's target as `floe replay ls` shows it: the topic, and the cluster's profile name when it is another cluster. */
export function targetText(j: Pick<ReplayJob, 'spec'>, profileNames: ReadonlyMap<string, string>): string {
  const topic = j.spec.target.topic ?? '(source topics)';
  return isCrossCluster(j.spec) ? `${topic} on ${profileNames.get(j.spec.target.profileId!) ?? j.spec.target.profileId}` : topic;
}

/** Runs a job in the foreground until it ends; Ctrl+C cancels after the current transaction (resume goes on). */
async function runJob(core: CoreSession, id: string, json: boolean, io: Io): Promise<void> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let last = 0;
  try {
    const job = await core.client.stream('replay.run', { id }, (j) => {
      if (json) io.out(JSON.stringify({ id: j.id, status: j.status, progress: j.progress }));
      else if (Date.now() - last > 1000) {
        last = Date.now();
        io.err(jobLine(j));
      }
    }, { signal: stop.signal });
    if (json) io.out(JSON.stringify(job));
    else {
      io.out(jobLine(job));
      for (const t of job.report.targets) io.out(`  ${t.topic}/${t.partition}: ${t.count} records at offsets ${t.first}…${t.last}`);
      if (job.report.alreadyThere) io.out(`  ${job.report.alreadyThere} records were on the target already (sent before a stop, their position not saved yet): not sent again`);
      for (const l of job.report.lost) io.err(`  partition ${l.partition}: offsets ${l.from}…${l.to - 1} were deleted by retention before they were replayed`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export const replayCommand = {
  summary: 'Replay dead letters (fixed) or one partition to a topic, exactly once for read_committed readers',
  usage: [
    'floe replay --from-dlq TOPIC [--group G … | --filter CEL | --offsets P:A-B …] [--to TOPIC] [--by-key] [--dry-run] [--rate N] [--again]',
    '  [--set FIELD=CEL …] [--remove FIELD …] [--when CEL] [--as-subject S] [--changed-only]   one fix for every selected dead letter',
    '  (every value it changes validated and encoded with subject S, else sent as JSON; records --when leaves out go back unchanged',
    '  unless --changed-only; a record it cannot fix stops the replay before anything is sent; at most 10,000 changed)',
    'floe replay --topic T --partition P [--from A] [--until B] --to T2 [--dry-run] [--rate N]   (A, B: offsets, or times ISO-8601/@epoch-ms; B exclusive)',
    'floe replay ls | status ID | resume ID | cancel ID',
    'without --to, dead letters go back to the topic (and partition) they came from; --no-run only creates the job',
    '--to-profile P: the target is another cluster (a profile name or id): effectively once, not exactly once — records go in the',
    '  target\'s transactions, the position is saved on the source after each, and a resume skips records whose floe.replay.* headers',
    '  it finds on the target since the job started (at least once where that tail is gone; the job says so)',
    'every subcommand: [--json] [cluster flags]',
  ].join('\n         '),
  async run(argv: string[], io: Io): Promise<void> {
    const [sub, ...rest] = argv;
    if (sub === 'ls' || sub === 'status' || sub === 'resume' || sub === 'cancel') {
      return withCluster(rest, {}, async ({ core, values, positionals }) => {
        if (sub === 'ls') {
          const { jobs, problems } = await core.client.call('replay.list', {});
          if (values.json) return io.out(JSON.stringify({ jobs, problems }, null, 2));
          // A target on another cluster is named by its profile (the source's cluster otherwise).
          const names = jobs.some((j) => isCrossCluster(j.spec)) ? new Map((await core.client.call('connections.list', {})).profiles.map((p) => [p.id, p.name])) : new Map<string, string>();
          io.out(table(['ID', 'STATUS', 'SOURCE', 'TARGET', 'SENT', 'READ', 'CREATED'], jobs.map((j) => [j.id, j.status, j.sourceTopic, targetText(j, names), j.progress.sent, `${j.progress.read}/${j.progress.total}`, j.createdAt])));
          for (const p of problems) io.err(`! ${p}`);
          return;
        }
        const id = positionals[0];
        if (!id) throw new FloeError('BAD_INPUT', `floe replay ${sub} needs a replay ID (floe replay ls lists them)`);
        if (sub === 'resume') return runJob(core, id, Boolean(values.json), io);
        const job = sub === 'cancel' ? await core.client.call('replay.cancel', { id }) : await core.client.call('replay.get', { id });
        if (values.json) return io.out(JSON.stringify(job, null, 2));
        io.out(sub === 'cancel' ? `Asked ${id} to stop after its current transaction` : jobLine(job));
        if (sub === 'status') for (const e of job.report.errors) io.err(`  ${e.at} ${e.message}`);
      });
    }
    await withCluster(argv, OPTIONS, async ({ core, profileId, values }) => {
      const spec = specFrom(values, profileId);
      if (values['to-profile']) {
        const name = values['to-profile'] as string;
        const { profiles } = await core.client.call('connections.list', {});
        const found = profiles.find((p) => p.name === name || p.id === name);
        if (!found) throw new FloeError('NOT_FOUND', `No profile named "${name}" for --to-profile (have: ${profiles.map((p) => p.name).join(', ') || 'none'})`);
        spec.target = { ...spec.target, profileId: found.id };
        if (!values.json) io.err(replayGuarantee({ profileId, target: { profileId: found.id } }));
      }
      const transform = transformFrom(values);
      if (transform && spec.source.kind === 'dlq') {
        const t = await core.client.call('replay.transform', { profileId, topic: spec.source.topic, selection: spec.source.selection, transform });
        printTransform(t, io);
        const first = t.problems[0];
        if (first)
          throw new FloeError('BAD_INPUT', `The transform cannot fix ${t.failed} selected record(s), which would go back unfixed — first, record ${first.partition}:${first.offset}: ${first.message}. Narrow --when or the selection, or fix those by hand`, { problems: t.problems });
        spec.edits = t.edits;
        if (values['changed-only']) {
          if (t.edits.length === 0) throw new FloeError('BAD_INPUT', 'The transform changes none of the selected records: nothing to replay with --changed-only');
          spec.source.selection = { ...spec.source.selection, records: t.edits.map((e) => ({ partition: e.partition, offset: e.offset })) };
        }
      }
      if (values['dry-run']) {
        const plan = await core.client.stream('replay.plan', { ...spec, limit: 200 }, () => undefined);
        return values.json ? io.out(JSON.stringify(plan, null, 2)) : printPlan(plan, io);
      }
      const job = await core.client.call('replay.create', spec);
      if (!values.json) io.err(`Created replay ${job.id}: ${job.progress.total} source offsets in ${job.ranges.length} partitions`);
      if (values['no-run']) return io.out(values.json ? JSON.stringify(job) : job.id);
      await runJob(core, job.id, Boolean(values.json), io);
    });
  },
};
