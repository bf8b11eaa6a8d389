import { formatBytes, table, type Io } from '../output';
import { withCluster } from './cluster-session';

export const topicsCommand = {
  summary: 'List topics: partitions, replication, messages, size',
  usage: 'floe topics [--internal] [--profile NAME | --bootstrap HOST:PORT ...] [--json]',
  async run(argv: string[], io: Io): Promise<void> {
    await withCluster(argv, { internal: { type: 'boolean' } }, async ({ core, profileId, values }) => {
      const list = await core.client.call('topics.list', { profileId, includeInternal: Boolean(values.internal) });
      if (values.json) {
        io.out(JSON.stringify(list, null, 2));
        return;
      }
      io.out(table(['TOPIC', 'PARTITIONS', 'RF', 'MESSAGES', 'SIZE'], list.topics.map((t) => [t.name, t.partitions, t.replicationFactor, t.messages, formatBytes(t.sizeBytes)])));
      io.err(`${list.topics.length} topics in ${list.fetchedInMs} ms${list.sizeNote ? ` (${list.sizeNote})` : ''}`);
    });
  },
};
