import { MASKED, type ConfigValidation, type ConnectorSummary, type ConnectPlugin } from '../../../shared/model/connect';
import type { RawDefinition, RawInfo, RawPlugin, RawStatus, RawValidation } from './connect-api';
import { isSecretKey } from './config-mask';

export const DLQ_TOPIC_KEY = 'errors.deadletterqueue.topic.name';

const typeOf = (t: string | undefined): ConnectorSummary['type'] => (t === 'source' || t === 'sink' ? t : 'unknown');

/** A connector's list row from its status and info (the config itself is not part of it: it may hold secrets). */
export function summaryOf(name: string, status: RawStatus | undefined, info: RawInfo | undefined, topics: string[] | null): ConnectorSummary {
  const config = info?.config ?? {};
  return {
    name,
    type: typeOf(status?.type ?? info?.type),
    className: config['connector.class'] ?? '',
    state: status?.connector.state ?? 'UNKNOWN',
    workerId: status?.connector.worker_id ?? '',
    ...(status?.connector.trace ? { trace: status.connector.trace } : {}),
    tasks: (status?.tasks ?? [])
      .map((t) => ({ id: t.id, state: t.state, workerId: t.worker_id, ...(t.trace ? { trace: t.trace } : {}) }))
      .sort((a, b) => a.id - b.id),
    topics,
    dlqTopic: config[DLQ_TOPIC_KEY]?.trim() || null,
  };
}

/** The plugin's PASSWORD fields: masked in what Floe shows. */
export function passwordKeys(definitions: Pick<RawDefinition, 'name' | 'type'>[]): Set<string> {
  return new Set(definitions.filter((d) => d.type === 'PASSWORD').map((d) => d.name));
}

export function pluginOf(p: RawPlugin): ConnectPlugin {
  return { className: p.class, type: p.type, version: p.version ?? '' };
}

/** Whether `wanted` names an installed plugin: its class, its simple name, or that without "Connector" (Connect's aliases). */
export function findPlugin(plugins: RawPlugin[], wanted: string): RawPlugin | undefined {
  const w = wanted.trim();
  return plugins.find((p) => {
    const simple = p.class.slice(p.class.lastIndexOf('.') + 1);
    return p.class === w || simple === w || simple.replace(/Connector$/, '') === w;
  });
}

/** The validate answer field by field, in the plugin's group order; secret values masked. */
export function validationOf(raw: RawValidation): ConfigValidation {
  const groups = raw.groups ?? [];
  const rank = (g: string | null) => (g === null ? groups.length : groups.indexOf(g) < 0 ? groups.length : groups.indexOf(g));
  const secret = passwordKeys(raw.configs.map((c) => c.definition));
  const fields = raw.configs.map(({ definition: d, value }) => {
    const v = value ?? { value: null, recommended_values: [], errors: [], visible: false };
    return {
      name: d.name,
      displayName: d.display_name || d.name,
      type: d.type,
      required: d.required,
      defaultValue: d.default_value,
      importance: d.importance,
      documentation: d.documentation ?? '',
      group: d.group,
      order: d.order_in_group ?? d.order ?? -1,
      width: d.width,
      value: v.value !== null && v.value !== '' && isSecretKey(d.name, secret) && !/^\$\{[^}]+\}$/.test(v.value) ? MASKED : v.value,
      recommended: v.recommended_values ?? [],
      errors: v.errors ?? [],
      visible: v.visible,
    };
  });
  fields.sort((a, b) => rank(a.group) - rank(b.group) || a.order - b.order || a.name.localeCompare(b.name));
  return { plugin: raw.name, errorCount: raw.error_count, groups, fields, notes: [] };
}

/** Every error of a validation as "field: message" lines. */
export function validationErrors(v: ConfigValidation): string[] {
  return v.fields.flatMap((f) => f.errors.map((e) => `${f.name}: ${e}`));
}
