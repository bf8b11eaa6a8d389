import type { BrowseRecord } from '../../../shared/model/messages';
import { stringifyExactJson } from '../../../shared/exact-json';
import type { DecodedPart } from '../../../shared/model/record';

/**
 * One record as an export row: decoded values, formats, wire facts, decode errors and fallbacks kept. Write
 * it with stringifyExactJson: integers keep every digit, NaN and ±Infinity become "NaN", "Infinity", "-Infinity".
 */
export function exportRow(topic: string, r: BrowseRecord): Record<string, unknown> {
  const part = (p: DecodedPart) => ({
    format: p.kind,
    ...(p.wire ? { schemaId: p.wire.schemaId } : {}),
    ...(p.error ? { error: p.error } : {}),
    ...(p.fallback ? { fallback: p.fallback } : {}),
  });
  return {
    topic,
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    timestampType: r.timestampType,
    key: r.key.value ?? null,
    value: r.value.value ?? null,
    headers: r.headers.map((h) => ({ key: h.key, value: h.value ?? (h.hex !== undefined ? `hex:${h.hex}` : null) })),
    keyFormat: part(r.key),
    valueFormat: part(r.value),
    size: r.size,
    ...(r.truncated ? { truncated: true } : {}),
  };
}

export const CSV_HEADER = ['topic', 'partition', 'offset', 'timestamp', 'key', 'value', 'headers', 'schema_id', 'error'];

const cell = (v: unknown): string => {
  const text = v === null || v === undefined ? '' : typeof v === 'string' ? v : stringifyExactJson(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function csvLine(values: unknown[]): string {
  return values.map(cell).join(',') + '\r\n';
}

export function csvRow(topic: string, r: BrowseRecord): string {
  return csvLine([
    topic,
    r.partition,
    r.offset,
    new Date(r.timestamp).toISOString(),
    r.key.value,
    r.value.value,
    r.headers.length ? Object.fromEntries(r.headers.map((h) => [h.key, h.value ?? (h.hex !== undefined ? `hex:${h.hex}` : null)])) : '',
    r.schemaId ?? '',
    (['key', 'value'] as const)
      .map((which) => (r[which].error ? `${which}: ${r[which].error}` : r[which].fallback ? `${which}: auto fell back: ${r[which].fallback}` : ''))
      .filter(Boolean)
      .join('; '),
  ]);
}

const shell = (s: string) => (/^[A-Za-z0-9_./:=,@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The kcat command that fetches exactly this record (secrets left as environment references). */
export function kcatCommand(
  kafka: { bootstrap: string[]; security: { protocol: string; mechanism?: string; username?: string; caPem?: string } },
  topic: string,
  partition: number,
  offset: number,
): string {
  const args = ['kcat', '-C', '-b', kafka.bootstrap.join(','), '-t', topic, '-p', String(partition), '-o', String(offset), '-c', '1', '-e', '-J'];
  const sec = kafka.security;
  if (sec.protocol !== 'PLAINTEXT') args.push('-X', `security.protocol=${sec.protocol.toLowerCase()}`);
  if (sec.mechanism) args.push('-X', `sasl.mechanisms=${sec.mechanism}`, '-X', `sasl.username=${sec.username ?? ''}`);
  if (sec.caPem) args.push('-X', 'ssl.ca.location=ca.pem');
  const cmd = args.map(shell).join(' ');
  return sec.mechanism ? `${cmd} -X "sasl.password=$FLOE_KAFKA_PASSWORD"` : cmd;
}
