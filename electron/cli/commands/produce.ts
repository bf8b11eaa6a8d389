import { FloeError } from '../../../shared/errors';
import type { ProducePart } from '../../../shared/model/produce';
import { readInputFile } from '../input-file';
import type { Io } from '../output';
import { withCluster } from './cluster-session';

const FORMATS = ['string', 'json', 'hex', 'base64'] as const;

function part(which: string, text: string | undefined, format: string | undefined, subject: string | undefined): ProducePart {
  if (text === undefined) {
    const stray = [format !== undefined && `--${which}-format`, subject !== undefined && `--${which}-subject`].filter(Boolean);
    if (stray.length > 0) throw new FloeError('BAD_INPUT', `${stray.join(' and ')} go with --${which}`);
    return { encoding: 'null' };
  }
  if (subject) return { encoding: 'schema', subject, text };
  const encoding = (format ?? 'string') as (typeof FORMATS)[number];
  if (!FORMATS.includes(encoding)) throw new FloeError('BAD_INPUT', `--${which}-format must be one of ${FORMATS.join(', ')}, not "${format}"`);
  return { encoding, text };
}

/** The value to write: exactly one of --value, --value-file, --null-value (a record without a value only when asked for). */
function valueFrom(values: { value?: string; 'value-file'?: string; 'null-value'?: boolean; 'value-format'?: string; 'value-subject'?: string }): string | undefined {
  const sources = [values.value !== undefined && '--value', values['value-file'] !== undefined && '--value-file', values['null-value'] && '--null-value'].filter(Boolean);
  if (sources.length === 0) throw new FloeError('BAD_INPUT', 'What value? Give --value TEXT, --value-file PATH, or --null-value for a record without a value (a tombstone)');
  if (sources.length > 1) throw new FloeError('BAD_INPUT', `${sources.join(' and ')}: give one value`);
  if (values['null-value']) {
    const shaping = [values['value-format'] !== undefined && '--value-format', values['value-subject'] !== undefined && '--value-subject'].filter(Boolean);
    if (shaping.length > 0) throw new FloeError('BAD_INPUT', `--null-value writes no value, so ${shaping.join(' and ')} would be ignored`);
    return undefined;
  }
  return values['value-file'] !== undefined ? readInputFile('--value-file', values['value-file']) : values.value;
}

export const produceCommand = {
  summary: 'Produce a record (schema-aware with --value-subject); --copies N',
  usage:
    'floe produce TOPIC (--value TEXT | --value-file PATH | --null-value) [--key TEXT] [--key-format F] [--value-format string|json|hex|base64] [--key-subject S] [--value-subject S] [--header K=V ...] [--partition N] [--copies N] [--json] [cluster flags]\n  --null-value: a record without a value (a tombstone)',
  async run(argv: string[], io: Io): Promise<void> {
    await withCluster(
      argv,
      {
        key: { type: 'string' },
        value: { type: 'string' },
        'value-file': { type: 'string' },
        'null-value': { type: 'boolean' },
        'key-format': { type: 'string' },
        'value-format': { type: 'string' },
        'key-subject': { type: 'string' },
        'value-subject': { type: 'string' },
        header: { type: 'string', multiple: true },
        partition: { type: 'string' },
        copies: { type: 'string' },
      },
      async ({ core, profileId, values, positionals }) => {
        const topic = positionals[0];
        if (!topic) throw new FloeError('BAD_INPUT', 'produce needs a topic: floe produce TOPIC --value TEXT');
        const valueText = valueFrom(values);
        const headers = (values.header ?? []).map((h) => {
          const eq = h.indexOf('=');
          if (eq <= 0) throw new FloeError('BAD_INPUT', `--header must be KEY=VALUE, not "${h}"`);
          return { key: h.slice(0, eq), value: h.slice(eq + 1) };
        });
        const num = (flag: string, v: string | undefined) => {
          if (v === undefined) return undefined;
          if (!/^\d+$/.test(v)) throw new FloeError('BAD_INPUT', `--${flag} must be a whole number, not "${v}"`);
          return Number(v);
        };
        const result = await core.client.call('messages.produce', {
          profileId,
          topic,
          key: part('key', values.key, values['key-format'], values['key-subject']),
          value: part('value', valueText, values['value-format'], values['value-subject']),
          headers,
          partition: num('partition', values.partition),
          copies: num('copies', values.copies) ?? 1,
        });
        if (values.json) io.out(JSON.stringify(result));
        else io.out(result.written.map((w) => `${topic}/${w.partition}@${w.offset}`).join('\n'));
        io.err(`${result.count} record(s) written in ${result.ms} ms`);
      },
    );
  },
};
