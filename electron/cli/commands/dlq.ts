import { FloeError } from '../../../shared/errors';
import type { DlqGroup, DlqRecord, DlqTopicSummary } from '../../../shared/model/dlq';
import { sourceText } from '../../../shared/dlq-text';
import { shortClassName, textSpark } from '../../../shared/text-spark';
import type { Io } from '../output';
import { table } from '../output';
import { SELECTION_OPTIONS, selectionFrom, type SelectionFlags } from '../selection-flags';
import { withCluster } from './cluster-session';

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

function printList(dlqs: DlqTopicSummary[], io: Io) {
  io.out(
    table(
      ['DLQ', 'RECORDS', 'NEWEST ERROR', 'LAST 15 MIN', 'SOURCES', 'CONNECTORS', 'KIND'],
      dlqs.map((d) => [
        d.topic,
        d.records,
        iso(d.newestErrorTime),
        d.recent > 0 ? `+${d.recent} growing` : '0',
        d.sourceTopics.join(',') || '-',
        d.connectors.join(',') || '-',
        d.confirmed ? d.conventions.join(',') : `candidate (${d.reason})`,
      ]),
    ),
  );
}

function printGroups(groups: DlqGroup[], io: Io) {
  io.out(
    table(
      ['GROUP', 'COUNT', 'FIRST SEEN', 'LAST SEEN', 'TIMELINE', 'STAGE', 'CONNECTOR', 'SOURCE', 'EXCEPTION', 'MESSAGE'],
      groups.map((g) => [g.id, g.count, iso(g.firstSeen), iso(g.lastSeen), textSpark(g.timeline), g.stage ?? '-', g.connector ?? '-', g.sourceTopic ?? '-', shortClassName(g.exceptionClass), g.messageTemplate ?? '-']),
    ),
  );
  for (const g of groups) if (g.rootCause) io.out(`  ${g.id} root cause: ${g.rootCause}`);
}

function printRecord(r: DlqRecord, full: boolean, io: Io) {
  const e = r.error;
  const src = e.source ? `${e.source.topic}/${e.source.partition ?? '?'}@${e.source.offset ?? '?'}` : '-';
  io.out(`${r.partition}/${r.offset}  ${iso(r.timestamp)}  group ${r.groupId}  from ${src} (${sourceText(r.source)})`);
  io.out(`  ${e.exceptionClass ?? '(no exception class)'}: ${e.message ?? ''}`);
  if (e.stage || e.connector) io.out(`  stage ${e.stage ?? '-'}, connector ${e.connector ?? '-'}${e.className ? `, in ${e.className}` : ''}`);
  if (e.rootCause) io.out(`  root cause ${e.rootCause.exceptionClass}: ${e.rootCause.message}`);
  for (const p of e.problems) io.out(`  ! ${p}`);
  const show = (part: DlqRecord['key']) => (part.kind === 'null' ? 'null' : typeof part.value === 'string' ? part.value : JSON.stringify(part.value));
  io.out(`  key   (${r.key.kind}) ${show(r.key)}`);
  io.out(`  value (${r.value.kind}) ${show(r.value)}`);
  if (full && e.stacktrace) io.out(e.stacktrace.replace(/^/gm, '    '));
}

const OPTIONS = { ...SELECTION_OPTIONS, all: { type: 'boolean' }, 'names-only': { type: 'boolean' }, limit: { type: 'string' }, full: { type: 'boolean' } } as const;

export const dlqCommand = {
  summary: 'Dead-letter topics: ls, groups (by cause), show (records with their errors and sources)',
  usage: [
    'floe dlq ls [--names-only]   (every non-empty topic is sampled; --names-only: only dlq/dlt-named ones)',
    'floe dlq groups TOPIC [--since T] [--until T]',
    'floe dlq show TOPIC [--group G …] [--filter CEL] [--offsets P:A-B …] [--since T] [--until T] [--limit N] [--full]',
    'every subcommand: [--json] [cluster flags]',
  ].join('\n         '),
  async run(argv: string[], io: Io): Promise<void> {
    const [sub, ...rest] = argv;
    if (sub !== 'ls' && sub !== 'groups' && sub !== 'show') throw new FloeError('BAD_INPUT', `floe dlq needs one of ls, groups, show${sub ? ` (not "${sub}")` : ''}`);
    await withCluster(rest, OPTIONS, async ({ core, profileId, values, positionals }) => {
      if (sub === 'ls') {
        const list = await core.client.call('dlq.list', { profileId, all: !values['names-only'] });
        if (values.json) return io.out(JSON.stringify(list, null, 2));
        printList(list.dlqs, io);
        for (const n of list.notes) io.err(n);
        return io.err(`${list.dlqs.filter((d) => d.confirmed).length} dead-letter topics among ${list.sampled} sampled, in ${list.fetchedInMs} ms`);
      }
      const topic = positionals[0];
      if (!topic) throw new FloeError('BAD_INPUT', `floe dlq ${sub} needs a TOPIC`);
      const selection = selectionFrom(values as SelectionFlags);
      if (sub === 'groups') {
        const triage = await core.client.stream('dlq.groups', { profileId, topic, range: selection.range }, () => undefined);
        if (values.json) return io.out(JSON.stringify(triage, null, 2));
        printGroups(triage.groups, io);
        for (const n of triage.notes) io.err(n);
        return io.err(`${triage.groups.length} causes in ${triage.scanned} records, scanned in ${triage.elapsedMs} ms`);
      }
      const limit = values.limit === undefined ? 100 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new FloeError('BAD_INPUT', `--limit must be 1…1000, not "${values.limit}"`);
      const page = await core.client.call('dlq.records', { profileId, topic, selection, limit });
      if (values.json) return io.out(JSON.stringify(page, null, 2));
      for (const r of page.records) printRecord(r, values.full ?? false, io);
      for (const n of page.notes) io.err(n);
      io.err(`${page.records.length} records${page.next ? ' (more: raise --limit or narrow the selection)' : ''}`);
    });
  },
};
