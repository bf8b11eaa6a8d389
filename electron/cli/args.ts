import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FloeError } from '../../shared/errors';

export const CLUSTER_OPTIONS = {
  profile: { type: 'string' },
  bootstrap: { type: 'string' },
  registry: { type: 'string' },
  'registry-user': { type: 'string' },
  security: { type: 'string' },
  mechanism: { type: 'string' },
  username: { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  insecure: { type: 'boolean' },
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
    throw new FloeError('BAD_INPUT', (e as Error).message.replace(/\. To specify.*$/s, ''));
  }
}
