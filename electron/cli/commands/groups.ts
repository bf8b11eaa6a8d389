import type { Io } from '../output';
import { table } from '../output';
import { withCluster } from './cluster-session';
import type { GroupLagTotals } from '../../../shared/model/groups';

/** Committed lag, plus never-committed partitions' lag under both possible auto.offset.reset starts. */
function lagText(g: GroupLagTotals): string {
  const committed = String(g.totalLag ?? '-');
  const { partitions, ifEarliest } = g.uncommitted;
  return partitions ? `${committed} + ${ifEarliest} in ${partitions} never-committed partition(s) if earliest (0 if latest)` : committed;
}

export const groupsCommand = {
  summary: 'List consumer groups (state, members, lag), or one group per partition',
  usage: 'floe groups [GROUP] [--json] [cluster flags]',
  async run(argv: string[], io: Io): Promise<void> {
    await withCluster(argv, {}, async ({ core, profileId, values, positionals }) => {
      const groupId = positionals[0];
      if (groupId) {
        const g = await core.client.call('groups.describe', { profileId, groupId });
        if (values.json) return io.out(JSON.stringify(g, null, 2));
        io.out(`${g.groupId}: ${g.state}, ${g.members} member(s), protocol ${g.protocol || '-'}, total lag ${lagText(g)}`);
        io.out(
          table(
            ['TOPIC', 'PARTITION', 'COMMITTED', 'START', 'END', 'LAG', 'MEMBER'],
            g.partitions.map((p) => [p.topic, p.partition, p.committed ?? 'never', p.start, p.end, p.lag ?? (p.ifEarliest === null ? '-' : `${p.ifEarliest} if earliest, 0 if latest`), p.memberId ?? '-']),
          ),
        );
        return;
      }
      const { groups, fetchedInMs } = await core.client.call('groups.list', { profileId });
      if (values.json) return io.out(JSON.stringify({ groups, fetchedInMs }, null, 2));
      io.out(table(['GROUP', 'STATE', 'PROTOCOL', 'MEMBERS', 'LAG', 'TOPICS'], groups.map((g) => [g.groupId, g.state, g.protocol || '-', g.members, lagText(g), g.topics.join(',')])));
      io.err(`${groups.length} groups in ${fetchedInMs} ms`);
    });
  },
};
