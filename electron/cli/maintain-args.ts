import { FloeError } from '../../shared/errors';
import { parseDuration, parseSize } from '../../shared/maintain-units';

// Durations, counts and sizes of the maintenance flags (floe maintain, floe land create/maintenance).

/** `7d`, `36h`, `90m`, `30s` as milliseconds. */
export function duration(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === null) throw new FloeError('BAD_INPUT', `--${flag} takes a duration such as 7d, 36h, 90m or 30s, not "${text}"`);
  return ms;
}

export function whole(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new FloeError('BAD_INPUT', `--${flag} takes a whole number, not "${text}"`);
  return Number(text);
}

export function size(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const bytes = parseSize(text);
  if (bytes === null) throw new FloeError('BAD_INPUT', `--${flag} takes a size such as 128m, 512k or 1g, not "${text}"`);
  return bytes;
}
