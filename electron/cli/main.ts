import { FloeError, isFloeError } from '../../shared/errors';
import { FLOE_VERSION } from '../core/version';
import type { Io } from './output';

interface Command {
  summary: string;
  usage: string;
  /** Resolves to the exit code when it is not 0 without being an error (e.g. `schema check`: incompatible). */
  run(argv: string[], io: Io): Promise<number | void>;
}

/** Each command's module (and what it uses) loads only when that command runs; `floe help` loads them all for their summaries. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve')).serveCommand,
  lab: async () => (await import('./commands/lab')).labCommand,
  topics: async () => (await import('./commands/topics')).topicsCommand,
  profiles: async () => (await import('./commands/profiles')).profilesCommand,
  consume: async () => (await import('./commands/consume')).consumeCommand,
  produce: async () => (await import('./commands/produce')).produceCommand,
  groups: async () => (await import('./commands/groups')).groupsCommand,
  'group-reset': async () => (await import('./commands/group-reset')).groupResetCommand,
  tables: async () => (await import('./commands/tables')).tablesCommand,
  table: async () => (await import('./commands/table')).tableCommand,
  maintain: async () => (await import('./commands/maintain')).maintainCommand,
  sql: async () => (await import('./commands/sql')).sqlCommand,
  schema: async () => (await import('./commands/schema')).schemaCommand,
  dlq: async () => (await import('./commands/dlq')).dlqCommand,
  replay: async () => (await import('./commands/replay')).replayCommand,
  land: async () => (await import('./commands/land')).landCommand,
  contract: async () => (await import('./commands/contract')).contractCommand,
  connect: async () => (await import('./commands/connect')).connectCommand,
};

async function help(): Promise<string> {
  const commands = await Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => [name, await load()] as const));
  const width = Math.max(...commands.map(([name]) => name.length));
  return [
    `floe ${FLOE_VERSION}: a workbench for Kafka → Schema Registry → Iceberg pipelines`,
    '',
    'Commands:',
    ...commands.map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}\n  ${' '.repeat(width)}  ${c.usage}`),
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
    io.out(await help());
    return 0;
  }
  if (name === '--version' || name === 'version') {
    io.out(FLOE_VERSION);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.err(`floe: unknown command "${name}" (try \`floe help\`)`);
    return 2;
  }
  const command = await load();
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
