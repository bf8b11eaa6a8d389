import { FloeError } from '../../../shared/errors';
import type { Io } from '../output';
import type { SchemaCommandContext } from '../schema/schema-context';
import { schemaDiff } from '../schema/schema-diff';
import { schemaIceberg } from '../schema/schema-iceberg';
import { schemaInfer } from '../schema/schema-infer';
import { schemaGet, schemaLs } from '../schema/schema-read';
import { schemaCheck, schemaConfig, schemaDelete, schemaRegister } from '../schema/schema-write';
import { withCluster } from './cluster-session';

const SUBCOMMANDS: Record<string, (ctx: SchemaCommandContext, io: Io) => Promise<number | void>> = {
  ls: schemaLs,
  get: schemaGet,
  check: schemaCheck,
  register: schemaRegister,
  diff: schemaDiff,
  config: schemaConfig,
  delete: schemaDelete,
  infer: schemaInfer,
  iceberg: schemaIceberg,
};

export const schemaCommand = {
  summary: 'Schema registry subjects: ls, get, check, register, diff, config, delete; infer a draft from a topic',
  usage: [
    'floe schema ls [FILTER] [--deleted]',
    'floe schema get SUBJECT [--version N|latest] [--versions]',
    'floe schema check SUBJECT --file F [--type AVRO|PROTOBUF|JSON] [--ref NAME=SUBJECT:VERSION …] [--level L (what if)]   (exit 1: incompatible)',
    'floe schema register SUBJECT --file F [--type T] [--ref …] [--normalize]',
    'floe schema diff SUBJECT [--from V] [--to V | --file F]   (field-level changes, each backward/forward compatible or not)',
    'floe schema config [SUBJECT] [--level L | --clear] [--mode READWRITE|READONLY|IMPORT]',
    'floe schema delete SUBJECT [--version N] [--permanent] --confirm SUBJECT',
    'floe schema iceberg SUBJECT [--version V] | --file F [--message shop.Order]   (the Iceberg columns it lands as; Protobuf: the file\'s first message unless named; exit 1: it cannot land)',
    'floe schema infer --topic T [--last N] [--type avro|json] [--part value|key] [--name shop.Order]   (a draft from the topic\'s JSON records)',
    'every subcommand: [--json] [cluster flags]',
  ].join('\n         '),
  async run(argv: string[], io: Io): Promise<number | void> {
    const [sub, ...rest] = argv;
    const run = sub ? SUBCOMMANDS[sub] : undefined;
    if (!run) throw new FloeError('BAD_INPUT', `floe schema needs one of ${Object.keys(SUBCOMMANDS).join(', ')}${sub ? ` (not "${sub}")` : ''}`);
    let code: number | void = undefined;
    await withCluster(
      rest,
      {
        deleted: { type: 'boolean' },
        version: { type: 'string' },
        versions: { type: 'boolean' },
        from: { type: 'string' },
        to: { type: 'string' },
        file: { type: 'string' },
        type: { type: 'string' },
        ref: { type: 'string', multiple: true },
        level: { type: 'string' },
        clear: { type: 'boolean' },
        mode: { type: 'string' },
        normalize: { type: 'boolean' },
        permanent: { type: 'boolean' },
        confirm: { type: 'string' },
        topic: { type: 'string' },
        last: { type: 'string' },
        part: { type: 'string' },
        name: { type: 'string' },
        message: { type: 'string' },
      },
      async ({ core, profileId, values, positionals }) => {
        code = await run({ core, profileId, values: values as SchemaCommandContext['values'], positionals }, io);
      },
    );
    return code;
  },
};
