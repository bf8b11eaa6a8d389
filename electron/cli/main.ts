import { FloeError, isFloeError } from '../../shared/errors';
import { FLOE_VERSION } from '../core/version';
import { browseCommands } from './commands/browse-commands';
import { dlqCommand } from './commands/dlq';
import { labCommand } from './commands/lab';
import { landCommand } from './commands/land';
import { replayCommand } from './commands/replay';
import { profilesCommand } from './commands/profiles';
import { schemaCommand } from './commands/schema';
import { contractCommand } from './commands/contract';
import { connectCommand } from './commands/connect';
import { serveCommand } from './commands/serve';
import { topicsCommand } from './commands/topics';
import { tablesCommand } from './commands/tables';
import { tableCommand } from './commands/table';
import { maintainCommand } from './commands/maintain';
import { sqlCommand } from './commands/sql';
import type { Io } from './output';

interface Command {
  summary: string;
  usage: string;
  /** Resolves to the exit code when it is not 0 without being an error (e.g. `schema check`: incompatible). */
  run(argv: string[], io: Io): Promise<number | void>;
}

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  lab: labCommand,
  topics: topicsCommand,
  profiles: profilesCommand,
  ...browseCommands,
  tables: tablesCommand,
  table: tableCommand,
  maintain: maintainCommand,
  sql: sqlCommand,
  schema: schemaCommand,
  dlq: dlqCommand,
  replay: replayCommand,
  land: landCommand,
  contract: contractCommand,
  connect: connectCommand,
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [
    `floe ${FLOE_VERSION}: a workbench for Kafka → Schema Registry → Iceberg pipelines`,
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}\n  ${' '.repeat(width)}  ${c.usage}`),
    '',
    'Cluster commands default to the local lab while it runs. Every command takes --json.',
    'Cluster flags: --profile NAME, or --bootstrap HOST:PORT [--security PLAINTEXT|SSL|SASL_PLAINTEXT|SASL_SSL]',
    '  [--mechanism M --username U] [--tls-ca FILE] [--tls-cert FILE --tls-key FILE] [--insecure] [--registry URL [--registry-user U]]',
    'Times: ISO-8601 (2024-05-01T10:00:00Z; UTC without a zone) or @epoch-ms.',
    'Passwords come from FLOE_KAFKA_PASSWORD / FLOE_REGISTRY_PASSWORD, never from flags.',
  ].join('\n');
}

/** Runs one command; returns the exit code. Failures print one line naming the cause. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(help());
    return 0;
  }
  if (name === '--version' || name === 'version') {
    io.out(FLOE_VERSION);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`floe: unknown command "${name}" (try \`floe help\`)`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.summary}\nusage: ${command.usage}`);
    return 0;
  }
  try {
    const code = await command.run(rest, io);
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    const error = isFloeError(e) ? e : new FloeError('INTERNAL', (e as Error)?.message ?? String(e));
    if (rest.includes('--json')) io.out(JSON.stringify({ error: error.toData() }));
    io.err(`floe: ${error.message}`);
    return error.code === 'BAD_INPUT' ? 2 : 1;
  }
}
