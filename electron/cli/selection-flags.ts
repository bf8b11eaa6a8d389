import { FloeError } from '../../shared/errors';
import type { DlqSelection } from '../../shared/model/dlq';
import type { ScanRange } from '../../shared/model/messages';

export const SELECTION_OPTIONS = {
  group: { type: 'string', multiple: true },
  filter: { type: 'string' },
  offsets: { type: 'string', multiple: true },
  since: { type: 'string' },
  until: { type: 'string' },
} as const;

export interface SelectionFlags {
  group?: string[];
  filter?: string;
  offsets?: string[];
  since?: string;
  until?: string;
}

/** ISO-8601 or @epoch-ms. */
export function timeFlag(name: string, text: string): number {
  const ms = text.startsWith('@') ? Number(text.slice(1)) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new FloeError('BAD_INPUT', `--${name} must be an ISO-8601 time or @epoch-ms, not "${text}"`);
  return ms;
}

/** `P:A-B` (offsets A through B of partition P, both included), `P:A-` (from A to the end) or `P` (the whole partition). */
export function offsetsFlag(specs: string[]): { partitions: number[]; range: ScanRange } {
  const from: Record<string, number> = {};
  const to: Record<string, number> = {};
  for (const spec of specs) {
    const m = /^(\d+)(?::(\d+)-(\d*))?$/.exec(spec.trim());
    if (!m) throw new FloeError('BAD_INPUT', `--offsets takes P:A-B (partition P, offsets A through B), P:A- or P, not "${spec}"`);
    const p = m[1]!;
    if (p in from) throw new FloeError('BAD_INPUT', `--offsets names partition ${p} twice`);
    from[p] = m[2] === undefined ? 0 : Number(m[2]);
    if (m[3]) {
      if (Number(m[3]) < from[p]) throw new FloeError('BAD_INPUT', `--offsets ${spec}: the range ends before it starts`);
      to[p] = Number(m[3]) + 1;
    }
  }
  return { partitions: Object.keys(from).map(Number), range: { kind: 'offsets', from, to } };
}

/** The dead letters that --group, --filter, --offsets, --since/--until choose (all of them when none is given). */
export function selectionFrom(flags: SelectionFlags): DlqSelection {
  if (flags.offsets && (flags.since || flags.until)) throw new FloeError('BAD_INPUT', '--offsets and --since/--until choose ranges two ways: give one');
  const selection: DlqSelection = { range: { kind: 'all' } };
  if (flags.group?.length) selection.groups = flags.group;
  if (flags.filter) selection.filter = flags.filter;
  if (flags.offsets?.length) Object.assign(selection, offsetsFlag(flags.offsets));
  else if (flags.since || flags.until) {
    const until = flags.until ? timeFlag('until', flags.until) : undefined;
    selection.range = { kind: 'time', from: flags.since ? timeFlag('since', flags.since) : 0, ...(until !== undefined ? { to: until } : {}) };
  }
  return selection;
}
