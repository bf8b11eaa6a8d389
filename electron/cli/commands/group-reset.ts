import { FloeError } from '../../../shared/errors';
import type { ResetTarget } from '../../../shared/model/groups';
import { table, type Io } from '../output';
import { readTime } from '../time-arg';
import { withCluster } from './cluster-session';

/** --to earliest | latest | offset:N | timestamp:ISO-or-@ms | shift:±N */
export function resetTarget(to: string | undefined): ResetTarget {
  if (to === 'earliest' || to === 'latest') return { kind: to };
  const [kind, arg = ''] = (to ?? '').split(/:(.*)/s);
  if (kind === 'offset' && /^\d+$/.test(arg)) return { kind: 'offset', offset: Number(arg) };
  if (kind === 'shift' && /^[+-]?\d+$/.test(arg)) return { kind: 'shift', by: Number(arg) };
  const usage = '--to must be earliest, latest, offset:N, timestamp:ISO-8601 (or timestamp:@ms) or shift:±N';
  if (kind === 'timestamp') {
    const time = readTime(arg);
    if (time.ok) return { kind: 'timestamp', timestamp: time.ms };
    throw new FloeError('BAD_INPUT', `${usage}: "${arg}" ${time.why}`);
  }
  throw new FloeError('BAD_INPUT', `${usage}, not "${to ?? ''}"`);
}

export const groupResetCommand = {
  summary: "Reset a group's offsets for a topic or one partition (refused while it has members)",
  usage: 'floe group-reset GROUP --topic T [--partition N] --to earliest|latest|offset:N|timestamp:TIME|shift:±N [--dry-run] [--json] [cluster flags]',
  async run(argv: string[], io: Io): Promise<void> {
    await withCluster(
      argv,
      { topic: { type: 'string' }, partition: { type: 'string' }, to: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      async ({ core, profileId, values, positionals }) => {
        const groupId = positionals[0];
        if (!groupId || !values.topic) throw new FloeError('BAD_INPUT', 'group-reset needs a group and --topic: floe group-reset GROUP --topic T --to earliest');
        if (values.partition !== undefined && !/^\d+$/.test(values.partition)) throw new FloeError('BAD_INPUT', `--partition must be a number, not "${values.partition}"`);
        const plan = await core.client.call('groups.resetOffsets', {
          profileId,
          groupId,
          topic: values.topic,
          partition: values.partition === undefined ? undefined : Number(values.partition),
          to: resetTarget(values.to),
          dryRun: Boolean(values['dry-run']),
        });
        if (values.json) return io.out(JSON.stringify(plan, null, 2));
        io.out(table(['PARTITION', 'CURRENT', 'TARGET', 'LOW', 'HIGH', 'NOTE'], plan.rows.map((r) => [r.partition, r.current ?? '-', r.target, r.low, r.high, r.note ?? ''])));
        io.err(plan.applied ? `Offsets of ${groupId} on ${plan.topic} reset.` : 'Dry run: nothing changed (run without --dry-run to apply).');
      },
    );
  },
};
