import type { ConfigValidation, ConnectorDetail, ConnectorOffset, ConnectOverview } from '../../../shared/model/connect';
import { table } from '../output';

const firstLine = (text: string | undefined) => (text ? text.split('\n', 1)[0]! : '');

export function overviewText(o: ConnectOverview): string {
  const c = o.cluster;
  const head = `Kafka Connect "${c.name}" ${c.version} at ${c.worker} (Kafka cluster ${c.kafkaClusterId})`;
  if (o.connectors.length === 0) return `${head}\nNo connectors.`;
  const rows = o.connectors.map((k) => [
    k.name,
    k.type,
    k.state,
    k.tasks.map((t) => `${t.id}:${t.state}`).join(' ') || '-',
    k.className.split('.').pop() ?? k.className,
    k.topics === null ? 'not tracked' : k.topics.join(',') || '-',
    k.dlqTopic ?? '-',
  ]);
  return `${head}\n${table(['CONNECTOR', 'TYPE', 'STATE', 'TASKS', 'CLASS', 'TOPICS', 'DLQ'], rows)}`;
}

function offsetsText(offsets: ConnectorOffset[]): string[] {
  if (offsets.length === 0) return ['  (none committed)'];
  return offsets.map((o) => `  ${JSON.stringify(o.partition)} → ${o.offset === null ? 'null' : JSON.stringify(o.offset)}`);
}

/** A connector as `floe connect show` prints it; `full` prints every trace whole instead of its first line. */
export function detailText(d: ConnectorDetail, full: boolean): string {
  const trace = (t: string | undefined, indent: string) => (full ? (t ?? '').replace(/^/gm, indent) : `${indent}${firstLine(t)}${t && t.includes('\n') ? ` (${t.split('\n').length} lines: --full)` : ''}`);
  const lines = [
    `${d.name}  ${d.type} ${d.state} on ${d.workerId}`,
    `  class   ${d.className}${d.pluginVersion ? ` ${d.pluginVersion}` : ''}`,
    `  topics  ${d.topics === null ? 'not tracked by the worker' : d.topics.join(', ') || '-'}`,
    ...(d.dlqTopic ? [`  DLQ     ${d.dlqTopic}`] : []),
    ...(d.trace ? ['  connector trace:', trace(d.trace, '    ')] : []),
    'Tasks:',
    ...(d.tasks.length === 0 ? ['  (none)'] : d.tasks.flatMap((t) => [`  ${t.id}  ${t.state} on ${t.workerId}`, ...(t.trace ? [trace(t.trace, '     ')] : [])])),
    'Config:',
    ...Object.entries(d.config)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `  ${k} = ${v}`),
    'Offsets:',
    ...(d.offsets ? offsetsText(d.offsets) : [`  unavailable: ${d.offsetsProblem ?? 'the worker did not say'}`]),
  ];
  return lines.join('\n');
}

export const offsetsListText = (offsets: ConnectorOffset[]) => offsetsText(offsets).join('\n');

/** The plugin's verdict: every field it found wrong with its errors, then notes; "valid" when there are none. */
export function validationText(v: ConfigValidation): string {
  const wrong = v.fields.filter((f) => f.errors.length > 0);
  const lines = wrong.length === 0 && v.notes.length === 0 ? [`${v.plugin}: the plugin finds no error`] : [`${v.plugin}: ${v.errorCount} error${v.errorCount === 1 ? '' : 's'}`];
  for (const f of wrong) lines.push(`  ${f.name}${f.value === null ? '' : ` = ${f.value}`}`, ...f.errors.map((e) => `    ${e}`));
  lines.push(...v.notes.map((n) => `  ${n}`));
  return lines.join('\n');
}
