import type { ParseArgsConfig } from 'node:util';
import { CLUSTER_OPTIONS, parse } from '../args';
import { adhocProfile, pickProfileId } from '../cluster-target';
import { openCore, type CoreSession } from '../context';

/** Parses a cluster command's flags and runs it against the chosen profile's core, closing it afterwards. */
export async function withCluster<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
  work: (ctx: { core: CoreSession; profileId: string; values: ReturnType<typeof parse<O & typeof CLUSTER_OPTIONS>>['values']; positionals: string[] }) => Promise<void>,
): Promise<void> {
  const { values, positionals } = parse(argv, { ...CLUSTER_OPTIONS, ...options });
  const adhoc = adhocProfile(values as Parameters<typeof adhocProfile>[0]);
  const core = openCore('cli', adhoc ? [adhoc] : []);
  try {
    const profileId = await pickProfileId(values as Parameters<typeof pickProfileId>[0], core);
    await work({ core, profileId, values, positionals });
  } finally {
    await core.close();
  }
}
