import { FloeError } from '../../../shared/errors';
import { parseTableName } from '../../core/lake/catalog/catalog';
import { stringifyExactJson } from '../../core/lake/spec/exact-json';
import { parse } from '../args';
import { LAKE_OPTIONS, openLake, selectorFrom } from '../lake-target';
import { printRows } from '../lake-rows';
import { formatBytes, table, type Io } from '../output';
import { DIFF_OPTIONS, tableDiff } from './table-diff';

const SNAPSHOT_OPTIONS = { snapshot: { type: 'string' }, ref: { type: 'string' }, 'as-of': { type: 'string' }, limit: { type: 'string' }, filter: { type: 'string' } } as const;

export const tableCommand = {
  summary: 'One Iceberg table: its schema, snapshots, files, a preview of its rows at any snapshot, or the diff of two snapshots',
  usage:
    'floe table show|snapshots|files|preview|diff NAME --catalog sqlite:PATH|METADATA_JSON|http(s)://REST [--snapshot ID | --ref NAME | --as-of TIME] [files|preview: --filter "col = \'x\' AND n >= 5"] [--s3-endpoint URL --s3-region R --s3-path-style] [diff: --from ID --to ID [--key COL]…] [--limit N] [--json]',
  async run(argv: string[], io: Io): Promise<void> {
    const { values, positionals } = parse(argv, { ...LAKE_OPTIONS, ...SNAPSHOT_OPTIONS, ...DIFF_OPTIONS });
    const [verb, name] = positionals;
    if (!verb || !['show', 'snapshots', 'files', 'preview', 'diff'].includes(verb)) throw new FloeError('BAD_INPUT', `floe table: say show, snapshots, files, preview or diff (got ${verb ?? 'nothing'})`);
    if (!name) throw new FloeError('BAD_INPUT', `floe table ${verb}: which table? (namespace.table)`);
    const id = parseTableName(name);
    const at = selectorFrom(values);
    const filter = values.filter;
    if (filter !== undefined && verb !== 'files' && verb !== 'preview') throw new FloeError('BAD_INPUT', `--filter applies to files and preview, not ${verb}`);
    const { catalog, core } = openLake(values);
    try {
      if (verb === 'diff') {
        await tableDiff(core, catalog, id, values, io);
      } else if (verb === 'show') {
        const t = await core.client.call('lake.table', { catalog, table: id });
        if (values.json) return io.out(stringifyExactJson(t, 2));
        io.out(`${name}  (format v${t.formatVersion}, ${t.snapshotCount} snapshots, current ${t.currentSnapshotId ?? 'none'})\n${t.location}\n`);
        io.out(table(['ID', 'COLUMN', 'TYPE', 'REQUIRED'], t.schema.map((f) => [f.id, f.name, f.type, f.required ? 'yes' : 'no'])));
        if (t.identifierFields.length > 0) io.out(`\nidentifier fields (row key): ${t.identifierFields.join(', ')}`);
        if (t.partitionSpec.length > 0) io.out(`\npartitioned by ${t.partitionSpec.map((p) => `${p.transform}(${t.schema.find((f) => f.id === p.sourceId)?.name ?? p.sourceId})`).join(', ')}`);
        if (t.refs.length > 0) io.out(`refs: ${t.refs.map((r) => `${r.name} (${r.type}) → ${r.snapshotId}`).join(', ')}`);
      } else if (verb === 'snapshots') {
        const snaps = await core.client.call('lake.snapshots', { catalog, table: id });
        if (values.json) return io.out(stringifyExactJson(snaps, 2));
        io.out(
          table(
            ['SNAPSHOT', 'TIME', 'OPERATION', 'SEQ', 'ADDED', 'DELETED', 'TOTAL', 'REFS'],
            snaps.map((s) => [s.snapshotId.toString(), new Date(s.timestampMs).toISOString(), s.operation ?? '-', s.sequenceNumber.toString(), s.summary['added-records'] ?? '-', s.summary['deleted-records'] ?? '-', s.summary['total-records'] ?? '-', s.refs.join(',')]),
          ),
        );
      } else if (verb === 'files' && filter !== undefined) {
        const scan = await core.client.call('lake.plan', { catalog, table: id, at, filter });
        if (values.json) return io.out(stringifyExactJson(scan, 2));
        io.out(table(['CONTENT', 'RECORDS', 'SIZE', 'SEQ', 'PARTITION', 'PATH'], scan.files.map((f) => [f.content, f.recordCount, formatBytes(f.sizeBytes), f.sequenceNumber.toString(), stringifyExactJson(f.partition), f.path])));
        io.err(`${scan.filesScanned} of ${scan.filesTotal} data files may hold matching rows`);
      } else if (verb === 'files') {
        const files = await core.client.call('lake.files', { catalog, table: id, at });
        if (values.json) return io.out(stringifyExactJson(files, 2));
        io.out(table(['CONTENT', 'RECORDS', 'SIZE', 'SEQ', 'PARTITION', 'PATH'], files.map((f) => [f.content, f.recordCount, formatBytes(f.sizeBytes), f.sequenceNumber.toString(), stringifyExactJson(f.partition), f.path])));
      } else {
        const limit = values.limit === undefined ? 100 : Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new FloeError('BAD_INPUT', `--limit takes a positive whole number, not "${values.limit}"`);
        const result = await core.client.call('lake.preview', { catalog, table: id, at, limit, ...(filter !== undefined ? { filter } : {}) });
        printRows(result, Boolean(values.json), io);
        if (result.filesScanned !== undefined) io.err(`scanned ${result.filesScanned} of ${result.filesTotal} data files`);
      }
    } finally {
      await core.close();
    }
  },
};
