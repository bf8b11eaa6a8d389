import { FloeError } from '../../../shared/errors';
import type { LandExport } from '../../../shared/model/land-export';
import { parse } from '../args';
import { openCore } from '../context';
import type { Io } from '../output';

export const LAND_EXPORT_USAGE = `floe land export NAME [--connector C] [--table NS.TABLE] [--tasks N] [--dlq-replication N] [--deploy [--connect-cluster C]] [--json]
                                   the job as an Apache Iceberg Kafka Connect sink config, guarantees side by side; --deploy creates or updates it`;

const OPTIONS = {
  connector: { type: 'string' },
  table: { type: 'string' },
  tasks: { type: 'string' },
  'dlq-replication': { type: 'string' },
  deploy: { type: 'boolean' },
  'connect-cluster': { type: 'string' },
} as const;

const count = (flag: string, text: string | undefined) => {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new FloeError('BAD_INPUT', `--${flag} takes a positive whole number, not "${text}"`);
  return Number(text);
};

function describe(e: LandExport): string {
  const lines = [`Connector ${e.connector} (Apache Iceberg Kafka Connect sink):`, JSON.stringify({ name: e.connector, config: e.config }, null, 2), '', 'Guarantees (Floe | the sink):'];
  for (const g of e.guarantees) lines.push(`- ${g.topic}\n    Floe: ${g.floe}\n    Sink: ${g.sink}`);
  for (const n of e.notes) lines.push(`Note: ${n}`);
  if (e.deployed) lines.push(`${e.deployed.created ? 'Created' : 'Updated'} ${e.connector} on ${e.deployed.cluster}.`, ...e.deployed.notes);
  return lines.join('\n');
}

export async function landExport(argv: string[], io: Io): Promise<void> {
  const { values, positionals } = parse(argv, OPTIONS);
  const job = positionals[0];
  if (!job) throw new FloeError('BAD_INPUT', `usage: ${LAND_EXPORT_USAGE}`);
  if (values['connect-cluster'] && !values.deploy) throw new FloeError('BAD_INPUT', '--connect-cluster names where to deploy: use it with --deploy');
  const core = openCore('cli');
  try {
    const result = await core.client.call('land.export', {
      job,
      ...(values.connector ? { connectorName: values.connector } : {}),
      ...(values.table ? { table: values.table } : {}),
      ...(values.tasks ? { tasks: count('tasks', values.tasks) } : {}),
      ...(values['dlq-replication'] ? { dlqReplicationFactor: count('dlq-replication', values['dlq-replication']) } : {}),
      ...(values.deploy ? { deploy: values['connect-cluster'] ? { cluster: values['connect-cluster'] } : {} } : {}),
    });
    io.out(values.json ? JSON.stringify(result, null, 2) : describe(result));
  } finally {
    await core.close();
  }
}
