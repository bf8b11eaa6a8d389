import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FloeError } from '../../shared/errors';

/** Which cluster a command talks to; see cluster-target.ts. `--key` is never among them: it is a record key. */
export const CLUSTER_OPTIONS = {
  profile: { type: 'string' },
  bootstrap: { type: 'string' },
  registry: { type: 'string' },
  'registry-user': { type: 'string' },
  security: { type: 'string' },
  mechanism: { type: 'string' },
  username: { type: 'string' },
  'tls-ca': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  insecure: { type: 'boolean' },
  // Older spellings of --tls-ca and --tls-cert.
  ca: { type: 'string' },
  cert: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** parseArgs with Floe's wording for unknown flags. */
export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    const message = (e as Error).message.replace(/\.?\s*To specify.*$/s, '').replace(/\s*\n\s*/g, ' ');
    const tlsKeyHint = 'tls-key' in options && /'--key'/.test(message) ? ': --key is the record key of `floe produce`; the TLS client key file is --tls-key' : '';
    throw new FloeError('BAD_INPUT', message + tlsKeyHint);
  }
}
