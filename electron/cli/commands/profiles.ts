import { parse } from '../args';
import { openCore } from '../context';
import { table, type Io } from '../output';

export const profilesCommand = {
  summary: 'List connection profiles (create and edit them in the app)',
  usage: 'floe profiles [--json]',
  async run(argv: string[], io: Io): Promise<void> {
    const { values } = parse(argv, {});
    const core = openCore('cli');
    try {
      const { profiles, problems } = await core.client.call('connections.list', {});
      if (values.json) {
        io.out(JSON.stringify({ profiles, problems }, null, 2));
        return;
      }
      io.out(table(['NAME', 'ID', 'BOOTSTRAP', 'SECURITY'], profiles.map((p) => [p.name, p.id, p.kafka.bootstrap.join(','), p.kafka.security.protocol])));
      for (const p of problems) io.err(`warning: ${p}`);
    } finally {
      await core.close();
    }
  },
};
