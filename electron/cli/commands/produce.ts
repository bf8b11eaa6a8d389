import { readFileSync } from 'node:fs';
import { FloeError } from '../../../shared/errors';
import type { ProducePart } from '../../../shared/model/produce';
import type { Io } from '../output';
import { withCluster } from './cluster-session';

const FORMATS = ['string', 'json', 'hex', 'base64'] as const;

function part(which: string, text: string | undefined, format: string | undefined, subject: string | undefined): ProducePart {
  if (text === undefined) return { encoding: 'null' };
  if (subject) return { encoding: 'schema', subject, text };
  const encoding = (format ?? 'string') as (typeof FORMATS)[number];
  if (!FORMATS.includes(encoding)) throw new FloeError('BAD_INPUT', `--${which}-format must be one of ${FORMATS.join(', ')}, not "${format}"`);
  return { encoding, text };
}

export const produceCommand = {
  summary: 'Produce a record (schema-aware with --value-subject); --copies N',
  usage:
    'floe produce TOPIC [--record-key TEXT] [--value TEXT | --value-file PATH] [--key-format F] [--value-format string|json|hex|base64] [--value-subject S] [--header K=V ...] [--partition N] [--copies N] [--json] [cluster flags]',
  async run(argv: string[], io: Io): Promise<void> {
    await withCluster(
      argv,
      {
        // --key is the TLS client key file of the cluster flags, hence --record-key.
        'record-key': { type: 'string' },
        value: { type: 'string' },
        'value-file': { type: 'string' },
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
        const valueText = values['value-file'] !== undefined ? readFileSync(values['value-file'], 'utf8') : values.value;
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
          key: part('key', values['record-key'], values['key-format'], values['key-subject']),
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
