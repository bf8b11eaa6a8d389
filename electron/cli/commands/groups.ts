import type { Io } from '../output';
import { table } from '../output';
import { withCluster } from './cluster-session';

export const groupsCommand = {
  summary: 'List consumer groups (state, members, lag), or one group per partition',
  usage: 'floe groups [GROUP] [--json] [cluster flags]',
  async run(argv: string[], io: Io): Promise<void> {
    await withCluster(argv, {}, async ({ core, profileId, values, positionals }) => {
      const groupId = positionals[0];
      if (groupId) {
        const g = await core.client.call('groups.describe', { profileId, groupId });
        if (values.json) return io.out(JSON.stringify(g, null, 2));
        io.out(`${g.groupId}: ${g.state}, ${g.members} member(s), protocol ${g.protocol || '-'}, total lag ${g.totalLag ?? '-'}`);
        io.out(
          table(
            ['TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG', 'MEMBER'],
            g.partitions.map((p) => [p.topic, p.partition, p.committed ?? '-', p.end, p.lag ?? '-', p.memberId ?? '-']),
          ),
        );
        return;
      }
      const { groups, fetchedInMs } = await core.client.call('groups.list', { profileId });
      if (values.json) return io.out(JSON.stringify({ groups, fetchedInMs }, null, 2));
      io.out(table(['GROUP', 'STATE', 'PROTOCOL', 'MEMBERS', 'LAG', 'TOPICS'], groups.map((g) => [g.groupId, g.state, g.protocol || '-', g.members, g.totalLag ?? '-', g.topics.join(',')])));
      io.err(`${groups.length} groups in ${fetchedInMs} ms`);
    });
  },
};
