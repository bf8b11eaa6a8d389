import { describe, expect, it } from 'vitest';
import { maintainCommand } from '../../../electron/cli/commands/maintain';

const io = { out: () => undefined, err: () => undefined };
const run = (...argv: string[]) => maintainCommand.run(argv, io);

describe('floe maintain', () => {
  it('refuses a missing verb, table, or a bad duration by name before opening anything', async () => {
    await expect(run('bogus')).rejects.toThrow(/say compact, expire, orphans, rewrite-manifests, health \(got bogus\)/);
    await expect(run('compact')).rejects.toThrow(/floe maintain compact: which table\?/);
    await expect(run('compact', 'a..b')).rejects.toThrow(/is not a table name/);
    await expect(run('expire', 'a.b', '--older-than', '5x')).rejects.toThrow(/--older-than takes a duration such as 7d/);
  });
});
