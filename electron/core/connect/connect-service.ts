import { FloeError, isFloeError } from '../../../shared/errors';
import type {
  ActionResult,
  ConfigValidation,
  ConnectorAction,
  ConnectorDetail,
  ConnectorOffset,
  ConnectOverview,
  ConnectPlugin,
  ConnectTarget,
  SaveResult,
} from '../../../shared/model/connect';
import { mapLimit } from '../util/map-limit';
import type { ConnectApi, RawPlugin } from './connect-api';
import type { ConnectClients } from './connect-clients';
import { pluginNotInstalled } from './connect-rest';
import { maskConfig, unmaskConfig } from './config-mask';
import { findPlugin, passwordKeys, pluginOf, summaryOf, validationOf } from './connect-views';

const CONCURRENCY = 8;

/** What the Connect room and `floe connect` do: list, inspect, act on, validate and save connectors. */
export class ConnectService {
  constructor(private readonly clients: ConnectClients) {}

  async overview(target: ConnectTarget, signal?: AbortSignal): Promise<ConnectOverview> {
    const { api, cluster } = this.clients.open(target, signal);
    const [root, expanded] = await Promise.all([api.root(), api.expanded()]);
    const names = Object.keys(expanded).sort();
    let untracked: string | null = null;
    const topics = await mapLimit(names, CONCURRENCY, (name) =>
      api.topics(name).catch((e: unknown) => {
        if (isFloeError(e, 'CANCELLED')) throw e;
        untracked ??= (e as Error).message;
        return null;
      }),
    );
    const notes = api.rest.notes;
    if (untracked) notes.push(`Topics are not shown: ${untracked}`);
    return {
      cluster: { id: cluster.id, name: cluster.name, worker: api.rest.worker ?? cluster.urls[0]!, version: root.version, commit: root.commit, kafkaClusterId: root.kafka_cluster_id },
      connectors: names.map((name, i) => summaryOf(name, expanded[name]?.status, expanded[name]?.info, topics[i] ?? null)),
      notes,
    };
  }

  async detail(target: ConnectTarget & { name: string }, signal?: AbortSignal): Promise<ConnectorDetail> {
    const { api } = this.clients.open(target, signal);
    const { name } = target;
    const [info, status] = await Promise.all([api.info(name), api.status(name)]);
    const className = info.config['connector.class'] ?? '';
    const [topics, offsets, definitions] = await Promise.all([
      api.topics(name).catch(() => null),
      api.offsets(name).then(
        (o) => ({ offsets: o.offsets as ConnectorOffset[] }),
        (e: unknown) => ({ problem: (e as Error).message }),
      ),
      className ? api.pluginConfig(className).catch(() => []) : [],
    ]);
    const { config, maskedKeys } = maskConfig(info.config, passwordKeys(definitions));
    const version = (status.connector as { version?: string }).version ?? null;
    return {
      ...summaryOf(name, status, info, topics),
      config,
      maskedKeys,
      pluginVersion: version,
      offsets: 'offsets' in offsets ? offsets.offsets : null,
      ...('problem' in offsets ? { offsetsProblem: offsets.problem } : {}),
      notes: api.rest.notes,
    };
  }

  async offsets(target: ConnectTarget & { name: string }, signal?: AbortSignal): Promise<{ offsets: ConnectorOffset[]; notes: string[] }> {
    const { api } = this.clients.open(target, signal);
    const { offsets } = await api.offsets(target.name);
    return { offsets, notes: api.rest.notes };
  }

  async plugins(target: ConnectTarget, signal?: AbortSignal): Promise<{ plugins: ConnectPlugin[]; notes: string[] }> {
    const { api } = this.clients.open(target, signal);
    const plugins = (await api.plugins()).map(pluginOf).sort((a, b) => a.className.localeCompare(b.className));
    return { plugins, notes: api.rest.notes };
  }

  async act(target: ConnectTarget & { name: string; action: ConnectorAction; includeTasks: boolean; onlyFailed: boolean }, signal?: AbortSignal): Promise<ActionResult> {
    const { api } = this.clients.open(target, signal);
    const { name } = target;
    if (target.action === 'restart') await api.restart(name, target.includeTasks, target.onlyFailed);
    else await api[target.action](name);
    return { notes: api.rest.notes };
  }

  async restartTask(target: ConnectTarget & { name: string; task: number }, signal?: AbortSignal): Promise<ActionResult> {
    const { api } = this.clients.open(target, signal);
    await api.restartTask(target.name, target.task);
    return { notes: api.rest.notes };
  }

  async delete(target: ConnectTarget & { name: string; confirm: string }, signal?: AbortSignal): Promise<ActionResult> {
    confirmed(target, 'Deleting');
    const { api } = this.clients.open(target, signal);
    await api.delete(target.name);
    return { notes: api.rest.notes };
  }

  /** Offsets can be reset only while the connector is STOPPED (Kafka's rule): said before anything is sent. */
  async resetOffsets(target: ConnectTarget & { name: string; confirm: string }, signal?: AbortSignal): Promise<ActionResult> {
    confirmed(target, 'Resetting the offsets of');
    const { api } = this.clients.open(target, signal);
    const status = await api.status(target.name);
    if (status.connector.state !== 'STOPPED')
      throw new FloeError('BAD_INPUT', `Connector ${target.name} is ${status.connector.state}: stop it first (offsets can be reset only while a connector is STOPPED)`);
    const answer = await api.resetOffsets(target.name);
    return { notes: [...api.rest.notes, ...(answer?.message ? [answer.message] : [])] };
  }

  /** The plugin's own verdict on a config; masked secrets of an existing connector stand for its stored values. */
  async validate(target: ConnectTarget & { name?: string; config: Record<string, string> }, signal?: AbortSignal): Promise<ConfigValidation> {
    const { api } = this.clients.open(target, signal);
    const stored = target.name ? await api.info(target.name).then((i) => i.config, () => ({})) : {};
    const config = unmaskConfig(target.config, stored);
    const validation = await this.validateWith(api, { ...config, ...(target.name ? { name: target.name } : {}) });
    return { ...validation, notes: [...validation.notes, ...api.rest.notes] };
  }

  /** Creates or updates a connector once its plugin finds no error in the config; otherwise nothing is sent. */
  async save(target: ConnectTarget & { name: string; config: Record<string, string>; mode: 'create' | 'update' }, signal?: AbortSignal): Promise<SaveResult> {
    const { api } = this.clients.open(target, signal);
    const { name, mode } = target;
    const existing = await api.info(name).catch((e: unknown) => {
      if (isFloeError(e, 'NOT_FOUND')) return null;
      throw e;
    });
    if (mode === 'create' && existing) throw new FloeError('CONFLICT', `A connector named ${name} already exists on Kafka Connect "${api.rest.cluster}": edit it instead`);
    if (mode === 'update' && !existing) throw new FloeError('NOT_FOUND', `No connector named ${name} on Kafka Connect "${api.rest.cluster}"`);
    const config = { ...unmaskConfig(target.config, existing?.config ?? {}), name };
    const validation = await this.validateWith(api, config);
    if (validation.errorCount > 0) return { saved: false, created: false, validation, notes: api.rest.notes };
    if (mode === 'create') await api.create(name, config);
    else await api.putConfig(name, config);
    return { saved: true, created: mode === 'create', validation, notes: api.rest.notes };
  }

  private async validateWith(api: ConnectApi, config: Record<string, string>): Promise<ConfigValidation> {
    const wanted = config['connector.class']?.trim();
    if (!wanted) throw new FloeError('BAD_INPUT', 'connector.class is required: name the plugin (e.g. io.debezium.connector.postgresql.PostgresConnector)');
    const plugins: RawPlugin[] = await api.plugins();
    const plugin = findPlugin(plugins, wanted);
    if (!plugin) throw pluginNotInstalled(wanted, api.rest.cluster, plugins.map((p) => p.class));
    // The path names the plugin as the config does: Connect refuses a path that differs from connector.class.
    return validationOf(await api.validate(wanted, config));
  }
}

function confirmed(target: { name: string; confirm: string }, what: string): void {
  if (target.confirm !== target.name) throw new FloeError('BAD_INPUT', `${what} connector ${target.name} needs its name typed again to confirm (got "${target.confirm}")`);
}
