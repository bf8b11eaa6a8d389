import { FloeError } from '../../../shared/errors';
import { stringifyExactJson } from '../../../shared/exact-json';
import type { BrowseRecord, ScanRange, SearchSummary } from '../../../shared/model/messages';
import { exportRow } from '../../core/messages/export-format';
import type { Io } from '../output';
import { readTime } from '../time-arg';
import { withCluster } from './cluster-session';
import { follow } from './follow';
import { RegistryOutcome } from './registry-outcome';

/** Where --from starts: everything retained, the end, one offset in every chosen partition, or a time. */
export type FromFlag = ScanRange | 'end' | { kind: 'offset'; offset: number };

/** --from: beginning | end | an offset | a time (strict ISO-8601, or @epoch-ms); checked before anything is read. */
export function fromFlag(from: string | undefined): FromFlag {
  if (from === undefined || from === 'beginning') return { kind: 'all' };
  if (from === 'end') return 'end';
  const refuse = (why: string) => new FloeError('BAD_INPUT', `--from takes beginning, end, an offset (a whole number ≥ 0), an ISO-8601 time or @epoch-ms: "${from}" ${why}`);
  if (/^\d+$/.test(from)) {
    if (!Number.isSafeInteger(Number(from))) throw refuse('is too large for an offset');
    return { kind: 'offset', offset: Number(from) };
  }
  if (/^-\d+$/.test(from)) throw refuse('is negative: offsets count from 0 (there is no "latest N" form)');
  const time = readTime(from);
  if (!time.ok) throw refuse(time.why);
  return { kind: 'time', from: time.ms };
}

/** The probe reads only partitions and watermarks: no need to ask the registry for it. */
const AS_HEX = { key: { format: 'hex' }, value: { format: 'hex' } } as const;

const line = (r: BrowseRecord) => `${r.partition}/${r.offset}\t${new Date(r.timestamp).toISOString()}\t${r.keyPreview}\t${r.valuePreview}`;

function describeScan(s: SearchSummary): string {
  const ranges = s.ranges.map((r) => `${r.partition}:[${r.from},${r.scannedTo})${r.scannedTo < r.to ? ` of [${r.from},${r.to})` : ''}`).join(' ');
  const why = s.stoppedBecause === 'max-matches' ? ' (stopped at --limit)' : s.stoppedBecause === 'error' ? ' (stopped at the first failure: --stop-on-error)' : '';
  return `${s.matched} of ${s.scanned} records scanned matched in ${s.elapsedMs} ms${why}; scanned ${ranges}`;
}

export const consumeCommand = {
  summary: 'Read records without joining a group (decoded; --filter CEL)',
  usage: 'floe consume TOPIC [--partition N ...] [--from beginning|end|OFFSET|TIME] [--follow] [--limit N] [--filter CEL] [--grep TEXT] [--undecodable] [--stop-on-error] [--threads N] [--json] [cluster flags]\n  --follow: after what is there now, keep printing new records until Ctrl+C\n  --undecodable: only records whose key or value could not be decoded, or that auto read as a plainer format (e.g. malformed JSON as text)\n  --stop-on-error: stop at the first batch or record that cannot be read (else it is reported and the scan goes on)\n  --threads N: worker threads that decode and filter, helped by the core thread (0: none; default: one per partition up to the cores left beside it)',
  async run(argv: string[], io: Io): Promise<void> {
    await withCluster(
      argv,
      { partition: { type: 'string', multiple: true }, from: { type: 'string' }, limit: { type: 'string' }, filter: { type: 'string' }, grep: { type: 'string' }, follow: { type: 'boolean' }, undecodable: { type: 'boolean' }, 'stop-on-error': { type: 'boolean' }, threads: { type: 'string' } },
      async ({ core, profileId, values, positionals }) => {
        const topic = positionals[0];
        if (!topic) throw new FloeError('BAD_INPUT', 'consume needs a topic: floe consume TOPIC');
        const partitions = values.partition?.map((p) => {
          if (!/^\d+$/.test(p)) throw new FloeError('BAD_INPUT', `--partition must be a number, not "${p}"`);
          return Number(p);
        });
        const from = fromFlag(values.from);
        const limit = values.limit === undefined ? 1_000_000 : Number(values.limit);
        if (!Number.isInteger(limit) || limit <= 0) throw new FloeError('BAD_INPUT', `--limit must be a positive whole number, not "${values.limit}"`);
        const threads = values.threads === undefined ? undefined : Number(values.threads);
        if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0 && threads <= 64)) throw new FloeError('BAD_INPUT', `--threads must be a whole number from 0 to 64, not "${values.threads}"`);
        if (values.filter) {
          const check = await core.client.call('messages.checkFilter', { filter: values.filter });
          if (!check.ok) throw new FloeError('BAD_INPUT', `--filter: ${check.message}\n  ${values.filter.split('\n')[check.line - 1] ?? ''}\n  ${' '.repeat(check.column - 1)}^`);
        }
        // One cheap read gives the partition list (and fails early, naming a missing topic).
        const probe = await core.client.call('messages.read', { profileId, topic, partitions, start: { kind: 'beginning' }, limit: 1, decoding: AS_HEX });
        const range = from !== 'end' && from.kind === 'offset' ? { kind: 'offsets' as const, from: Object.fromEntries((partitions ?? probe.watermarks.map((w) => w.partition)).map((p) => [String(p), from.offset])) } : from;
        const registry = new RegistryOutcome();
        const print = (r: BrowseRecord) => (registry.see(r), io.out(values.json ? stringifyExactJson(exportRow(topic, r)) : line(r)));
        const followFrom = { profileId, topic, partitions, filter: values.filter, grep: values.grep, undecodable: values.undecodable, print };
        if (range === 'end') {
          if (!values.follow) io.err('--from end: nothing to read up to the end (add --follow to print new records)');
          else await follow(core, { ...followFrom, limit }, io);
          return registry.report(io);
        }
        const summary = await core.client.stream(
          'messages.search',
          { profileId, topic, partitions, range, filter: values.filter, text: values.grep, undecodable: values.undecodable ?? false, maxMatches: limit, stopOnError: values['stop-on-error'] ?? false, threads },
          (event) => {
            if (event.kind !== 'matches') return;
            for (const r of event.records) print(r);
            return io.drained?.(); // a slow reader of stdout holds the scan back
          },
        );
        io.err(describeScan(summary));
        for (const n of summary.notes) io.err(`note: ${n}`);
        for (const e of summary.decodeErrors) io.err(`undecodable (${e.count}): ${e.reason}`);
        for (const e of summary.decodeFallbacks) io.err(`auto fell back (${e.count}): ${e.reason}`);
        for (const e of summary.filterErrors) io.err(`filter failed on ${e.count} record(s): ${e.message}`);
        for (const f of summary.failures) io.err(`could not be read: ${topic}/${f.partition} offset ${f.offset}: ${f.message}`);
        // Continue exactly where the scan's planned ranges ended (the ends it fixed when it started).
        if (values.follow && summary.stoppedBecause === 'complete' && summary.matched < limit)
          await follow(core, { ...followFrom, limit: limit - summary.matched, from: Object.fromEntries(summary.ranges.map((r) => [String(r.partition), r.to])) }, io);
        registry.report(io);
      },
    );
  },
};
