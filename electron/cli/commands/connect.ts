import { FloeError } from '../../../shared/errors';
import type { ActionResult, ConnectorAction } from '../../../shared/model/connect';
import { readInputFile } from '../input-file';
import type { Io } from '../output';
import { withCluster } from './cluster-session';
import { detailText, offsetsListText, overviewText, validationText } from './connect-print';

const OPTIONS = {
  'connect-cluster': { type: 'string' },
  config: { type: 'string' },
  full: { type: 'boolean' },
  'include-tasks': { type: 'boolean' },
  'only-failed': { type: 'boolean' },
  task: { type: 'string' },
  confirm: { type: 'string' },
  reset: { type: 'boolean' },
} as const;

const SUBCOMMANDS = ['ls', 'show', 'plugins', 'validate', 'create', 'update', 'pause', 'resume', 'stop', 'restart', 'delete', 'offsets'] as const;
type Sub = (typeof SUBCOMMANDS)[number];
const ACTIONS: readonly string[] = ['pause', 'resume', 'stop', 'restart'] satisfies ConnectorAction[];

/**
 * A connector config from `--config FILE`: JSON, either the map itself or `{"name": …, "config": {…}}` as
 * `GET /connectors/{c}` returns it; every value a string, as Connect stores them.
 */
export function configFromFile(path: string | undefined): { name?: string; config: Record<string, string> } {
  if (!path) throw new FloeError('BAD_INPUT', '--config FILE is required: the connector config as JSON');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readInputFile('--config', path));
  } catch (e) {
    if (e instanceof FloeError) throw e;
    throw new FloeError('BAD_INPUT', `--config ${path} is not JSON: ${(e as Error).message}`);
  }
  const wrapped = isObject(parsed) && isObject(parsed.config) ? parsed : null;
  const map = wrapped ? wrapped.config : parsed;
  if (!isObject(map)) throw new FloeError('BAD_INPUT', `--config ${path} must hold a JSON object of config keys (or {"name", "config"})`);
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) {
    if (value === null || typeof value === 'object') throw new FloeError('BAD_INPUT', `--config ${path}: ${key} must be a string, number or boolean, not ${JSON.stringify(value)}`);
    config[key] = String(value);
  }
  const name = wrapped && typeof wrapped.name === 'string' ? wrapped.name : undefined;
  return { ...(name ? { name } : {}), config };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function taskNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new FloeError('BAD_INPUT', `--task must be a task number (0, 1, …), not "${text}"`);
  return n;
}

const printNotes = (r: { notes: string[] }, io: Io) => r.notes.forEach((n) => io.err(n));

export const connectCommand = {
  summary: 'Kafka Connect: connectors of the profile’s Connect cluster, their tasks, configs and offsets; act on them',
  usage: [
    'floe connect ls | plugins',
    'floe connect show NAME [--full]   (--full: every trace whole)',
    'floe connect validate [NAME] --config FILE | create NAME --config FILE | update NAME --config FILE',
    'floe connect pause|resume|stop NAME | restart NAME [--include-tasks] [--only-failed] [--task N]',
    'floe connect delete NAME --confirm NAME | offsets NAME [--reset --confirm NAME]',
    'every subcommand: [--connect-cluster C] [--json] [--profile P]   (the profile’s first Connect cluster by default)',
  ].join('\n         '),
  async run(argv: string[], io: Io): Promise<number | void> {
    const [word, ...rest] = argv;
    if (!(SUBCOMMANDS as readonly string[]).includes(word ?? '')) throw new FloeError('BAD_INPUT', `floe connect needs one of ${SUBCOMMANDS.join(', ')}${word ? ` (not "${word}")` : ''}`);
    const sub = word as Sub;
    let code = 0;
    await withCluster(rest, OPTIONS, async ({ core, profileId, values, positionals }) => {
      const target = { profileId, ...(values['connect-cluster'] ? { cluster: values['connect-cluster'] } : {}) };
      const json = (v: unknown) => io.out(JSON.stringify(v, null, 2));
      const needName = () => {
        const name = positionals[0];
        if (!name) throw new FloeError('BAD_INPUT', `floe connect ${sub} needs a connector NAME`);
        return name;
      };
      const done = (r: ActionResult, said: string) => (values.json ? json(r) : (printNotes(r, io), io.out(said)));

      if (sub === 'ls') {
        const o = await core.client.call('connect.overview', target);
        return values.json ? json(o) : (io.out(overviewText(o)), printNotes(o, io));
      }
      if (sub === 'plugins') {
        const p = await core.client.call('connect.plugins', target);
        if (values.json) return json(p);
        io.out(p.plugins.map((x) => `${x.type.padEnd(9)} ${x.className} ${x.version}`).join('\n'));
        return printNotes(p, io);
      }
      if (sub === 'validate' || sub === 'create' || sub === 'update') {
        const file = configFromFile(values.config);
        const name = positionals[0] ?? file.name;
        if (sub === 'validate') {
          const v = await core.client.call('connect.validate', { ...target, ...(name ? { name } : {}), config: file.config });
          if (v.errorCount > 0) code = 1;
          return values.json ? json(v) : io.out(validationText(v));
        }
        if (!name) throw new FloeError('BAD_INPUT', `floe connect ${sub} needs a connector NAME (or a "name" in the --config file)`);
        const saved = await core.client.call('connect.save', { ...target, name, config: file.config, mode: sub });
        if (!saved.saved) code = 1;
        if (values.json) return json(saved);
        printNotes(saved, io);
        return io.out(saved.saved ? `${saved.created ? 'Created' : 'Updated'} ${name}.` : `Not saved: the plugin refuses the config.\n${validationText(saved.validation)}`);
      }
      const name = needName();
      if (sub === 'show') {
        const d = await core.client.call('connect.connector', { ...target, name });
        return values.json ? json(d) : (io.out(detailText(d, values.full ?? false)), printNotes(d, io));
      }
      if (sub === 'offsets') {
        if (values.reset) {
          const r = await core.client.call('connect.resetOffsets', { ...target, name, confirm: values.confirm ?? '' });
          return done(r, `Reset the offsets of ${name}.`);
        }
        if (values.confirm !== undefined) throw new FloeError('BAD_INPUT', '--confirm goes with --reset');
        const o = await core.client.call('connect.offsets', { ...target, name });
        return values.json ? json(o) : (io.out(offsetsListText(o.offsets)), printNotes(o, io));
      }
      if (sub === 'delete') return done(await core.client.call('connect.delete', { ...target, name, confirm: values.confirm ?? '' }), `Deleted ${name}.`);
      if (!ACTIONS.includes(sub)) throw new FloeError('INTERNAL', `unhandled subcommand ${sub}`);
      const task = taskNumber(values.task);
      if (sub !== 'restart' && (task !== undefined || values['include-tasks'] || values['only-failed']))
        throw new FloeError('BAD_INPUT', '--task, --include-tasks and --only-failed go with restart');
      if (task !== undefined) {
        if (values['include-tasks'] || values['only-failed']) throw new FloeError('BAD_INPUT', '--task restarts one task: leave out --include-tasks and --only-failed');
        return done(await core.client.call('connect.restartTask', { ...target, name, task }), `Restarted task ${task} of ${name}.`);
      }
      const includeTasks = values['include-tasks'] ?? false;
      const onlyFailed = values['only-failed'] ?? false;
      const r = await core.client.call('connect.action', { ...target, name, action: sub as ConnectorAction, includeTasks, onlyFailed });
      const what = { pause: 'Paused', resume: 'Resumed', stop: 'Stopped', restart: 'Restarted' }[sub as ConnectorAction];
      const scope = sub === 'restart' && includeTasks ? (onlyFailed ? ' (and its failed tasks)' : ' (and its tasks)') : '';
      return done(r, `${what} ${name}${scope}.`);
    });
    return code;
  },
};
