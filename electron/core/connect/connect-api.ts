import type { ConnectRest } from './connect-rest';

// The Kafka Connect REST API as the workers answer it (Kafka 4.x; offsets since 3.5, stop since 3.5).

export interface RawState {
  state: string;
  worker_id: string;
  trace?: string;
}

export interface RawStatus {
  name: string;
  connector: RawState;
  tasks: (RawState & { id: number })[];
  type?: string;
}

export interface RawInfo {
  name: string;
  config: Record<string, string>;
  tasks: { connector: string; task: number }[];
  type?: string;
}

export interface RawRoot {
  version: string;
  commit: string;
  kafka_cluster_id: string;
}

export interface RawPlugin {
  class: string;
  type: string;
  version?: string;
}

export interface RawDefinition {
  name: string;
  type: string;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string | null;
  group: string | null;
  order_in_group?: number;
  order?: number;
  width: string;
  display_name: string;
  dependents: string[];
}

export interface RawValidation {
  name: string;
  error_count: number;
  groups: string[];
  /** `value` is null for a definition the plugin reports without a value (Debezium 3.6 does, for internal keys). */
  configs: { definition: RawDefinition; value: { name: string; value: string | null; recommended_values: string[]; errors: string[]; visible: boolean } | null }[];
}

export interface RawOffsets {
  offsets: { partition: Record<string, unknown>; offset: Record<string, unknown> | null }[];
}

const c = (name: string) => `/connectors/${encodeURIComponent(name)}`;

/** Typed endpoints; every call goes through the operation's ConnectRest (rebalance retries, notes). */
export class ConnectApi {
  constructor(readonly rest: ConnectRest) {}

  root = () => this.rest.call<RawRoot>('GET', '/');
  plugins = () => this.rest.call<RawPlugin[]>('GET', '/connector-plugins?connectorsOnly=true');
  pluginConfig = (plugin: string) => this.rest.call<RawDefinition[]>('GET', `/connector-plugins/${encodeURIComponent(plugin)}/config`);
  validate = (plugin: string, config: Record<string, string>) => this.rest.call<RawValidation>('PUT', `/connector-plugins/${encodeURIComponent(plugin)}/config/validate`, config);

  expanded = () => this.rest.call<Record<string, { status?: RawStatus; info?: RawInfo }>>('GET', '/connectors?expand=status&expand=info');
  info = (name: string) => this.rest.call<RawInfo>('GET', c(name));
  status = (name: string) => this.rest.call<RawStatus>('GET', `${c(name)}/status`);
  topics = async (name: string) => (await this.rest.call<Record<string, { topics: string[] }>>('GET', `${c(name)}/topics`))[name]?.topics ?? [];
  offsets = (name: string) => this.rest.call<RawOffsets>('GET', `${c(name)}/offsets`);

  create = (name: string, config: Record<string, string>) => this.rest.call<RawInfo>('POST', '/connectors', { name, config });
  putConfig = (name: string, config: Record<string, string>) => this.rest.call<RawInfo>('PUT', `${c(name)}/config`, config);
  pause = (name: string) => this.rest.call<void>('PUT', `${c(name)}/pause`);
  resume = (name: string) => this.rest.call<void>('PUT', `${c(name)}/resume`);
  stop = (name: string) => this.rest.call<void>('PUT', `${c(name)}/stop`);
  restart = (name: string, includeTasks: boolean, onlyFailed: boolean) => this.rest.call<RawStatus | undefined>('POST', `${c(name)}/restart?includeTasks=${includeTasks}&onlyFailed=${onlyFailed}`);
  restartTask = (name: string, task: number) => this.rest.call<void>('POST', `${c(name)}/tasks/${task}/restart`);
  delete = (name: string) => this.rest.call<void>('DELETE', c(name));
  resetOffsets = (name: string) => this.rest.call<{ message?: string }>('DELETE', `${c(name)}/offsets`);
}
