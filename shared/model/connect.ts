import { z } from 'zod';

/** Which Connect cluster: one of a profile's, by id or name; the profile's first when left out. */
export const ConnectTarget = z.object({ profileId: z.string().min(1), cluster: z.string().min(1).optional() });
export type ConnectTarget = z.input<typeof ConnectTarget>;

const Name = z.string().trim().min(1, 'connector name is required').max(500);
const Config = z.record(z.string(), z.string());

export const ConnectorRequest = ConnectTarget.extend({ name: Name });
export const ConnectorActionRequest = ConnectorRequest.extend({
  action: z.enum(['pause', 'resume', 'stop', 'restart']),
  /** restart only: the connector's tasks too, and of those only the failed ones. */
  includeTasks: z.boolean().default(false),
  onlyFailed: z.boolean().default(false),
});
export type ConnectorAction = z.infer<typeof ConnectorActionRequest>['action'];
export const RestartTaskRequest = ConnectorRequest.extend({ task: z.number().int().min(0) });
/** Destructive: `confirm` repeats the connector's name. */
export const ConfirmedConnectorRequest = ConnectorRequest.extend({ confirm: z.string() });
export const ValidateConnectorRequest = ConnectTarget.extend({
  /** The connector being edited, if any: masked secrets in `config` stand for its stored values. */
  name: Name.optional(),
  config: Config,
});
export const SaveConnectorRequest = ConnectTarget.extend({ name: Name, config: Config, mode: z.enum(['create', 'update']) });

/** What a masked secret looks like in a config Floe shows; sent back unchanged, it keeps the stored value. */
export const MASKED = '********';

export interface ConnectClusterInfo {
  id: string;
  name: string;
  /** The worker that answered. */
  worker: string;
  version: string;
  commit: string;
  kafkaClusterId: string;
}

export interface TaskStatus {
  id: number;
  state: string;
  workerId: string;
  /** A failed task's Java stack trace, in full. */
  trace?: string;
}

export interface ConnectorSummary {
  name: string;
  type: 'source' | 'sink' | 'unknown';
  className: string;
  /** RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED, RESTARTING. */
  state: string;
  workerId: string;
  trace?: string;
  tasks: TaskStatus[];
  /** Topics the connector has used (`/connectors/{c}/topics`); null when the worker does not track them. */
  topics: string[] | null;
  /** A sink's dead-letter topic (`errors.deadletterqueue.topic.name`). */
  dlqTopic: string | null;
}

export interface ConnectOverview {
  cluster: ConnectClusterInfo;
  connectors: ConnectorSummary[];
  notes: string[];
}

export interface ConnectorOffset {
  partition: Record<string, unknown>;
  offset: Record<string, unknown> | null;
}

export interface ConnectorDetail extends ConnectorSummary {
  /** Secrets masked as MASKED (by the plugin's PASSWORD fields and by name); config-provider references shown as they are. */
  config: Record<string, string>;
  maskedKeys: string[];
  pluginVersion: string | null;
  offsets: ConnectorOffset[] | null;
  /** Why there are no offsets (a worker before Kafka 3.5, an error). */
  offsetsProblem?: string;
  notes: string[];
}

export interface ConfigField {
  name: string;
  displayName: string;
  /** BOOLEAN, STRING, INT, SHORT, LONG, DOUBLE, LIST, CLASS, PASSWORD. */
  type: string;
  required: boolean;
  defaultValue: string | null;
  importance: string;
  documentation: string;
  group: string | null;
  order: number;
  width: string;
  value: string | null;
  recommended: string[];
  errors: string[];
  visible: boolean;
}

/** The plugin's own verdict on a config (`PUT /connector-plugins/{p}/config/validate`), field by field. */
export interface ConfigValidation {
  plugin: string;
  errorCount: number;
  groups: string[];
  fields: ConfigField[];
  /** Errors of keys the plugin does not define, and anything else to say. */
  notes: string[];
}

export interface ConnectPlugin {
  className: string;
  type: string;
  version: string;
}

export interface SaveResult {
  saved: boolean;
  created: boolean;
  validation: ConfigValidation;
  notes: string[];
}

export interface ActionResult {
  notes: string[];
}
