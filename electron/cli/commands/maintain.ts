import { FloeError } from '../../../shared/errors';
import { duration, size, whole } from '../maintain-args';
import type { MaintainReport } from '../../../shared/model/maintain';
import { parseTableName } from '../../core/lake/catalog/catalog';
import { stringifyExactJson } from '../../core/lake/spec/exact-json';
import { parse } from '../args';
import { LAKE_OPTIONS, openLake } from '../lake-target';
import { formatBytes, table, type Io } from '../output';

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  'target-file-size': { type: 'string' },
  'min-input-files': { type: 'string' },
  'older-than': { type: 'string' },
  'retain-last': { type: 'string' },
  'entries-per-manifest': { type: 'string' },
} as const;

const VERBS = ['compact', 'expire', 'orphans', 'rewrite-manifests', 'health'] as const;
const DAY_MS = 86_400_000;

function printReport(r: MaintainReport, io: Io) {
  io.out(r.message);
  const counts = Object.entries(r.counts);
  if (counts.length > 0) io.out(table(['FIGURE', 'VALUE'], counts.map(([k, v]) => [k, /Bytes$/.test(k) ? formatBytes(v) : v])));
  if (r.snapshotId) io.out(`snapshot ${r.snapshotId} (attempt ${r.attempts})`);
  for (const k of r.kept.slice(0, 20)) io.err(`kept ${k.what}: ${k.why}`);
}

export const maintainCommand = {
  summary: 'Keep an Iceberg table healthy: compact small files, expire snapshots, remove orphan files, rewrite manifests (each with --dry-run)',
  usage:
    'floe maintain compact|expire|orphans|rewrite-manifests|health TABLE --catalog sqlite:PATH|http(s)://REST [--dry-run] [compact: --target-file-size 128m --min-input-files N] [expire: --older-than 5d --retain-last K] [orphans: --older-than 3d] [rewrite-manifests: --entries-per-manifest N] [--s3-endpoint URL …] [--json]',
  async run(argv: string[], io: Io): Promise<void> {
    const { values, positionals } = parse(argv, { ...LAKE_OPTIONS, ...OPTIONS });
    const [verb, name] = positionals;
    if (!verb || !(VERBS as readonly string[]).includes(verb)) throw new FloeError('BAD_INPUT', `floe maintain: say ${VERBS.join(', ')} (got ${verb ?? 'nothing'})`);
    if (!name) throw new FloeError('BAD_INPUT', `floe maintain ${verb}: which table? (namespace.table)`);
    const id = parseTableName(name);
    const dryRun = Boolean(values['dry-run']);
    const olderThanMs = duration('older-than', values['older-than']);
    const { catalog, core } = openLake(values);
    try {
      const on = { catalog, table: id };
      if (verb === 'health') {
        const h = await core.client.call('maintain.health', on);
        if (values.json) return io.out(stringifyExactJson(h, 2));
        io.out(`${h.table}: ${h.dataFiles} data files (${h.smallFiles} small, average ${formatBytes(h.avgFileBytes)}), ${h.deleteFiles} delete files, ${h.snapshots} snapshots, ${h.manifests} manifests`);
        for (const s of h.suggestions) io.out(`suggest ${s.operation}: ${s.why}`);
        return;
      }
      let r: MaintainReport;
      if (verb === 'compact') r = await core.client.call('maintain.compact', { ...on, dryRun, targetFileBytes: size('target-file-size', values['target-file-size']), minInputFiles: whole('min-input-files', values['min-input-files']) });
      else if (verb === 'expire') r = await core.client.call('maintain.expire', { ...on, dryRun, olderThanMs: olderThanMs ?? 5 * DAY_MS, retainLast: whole('retain-last', values['retain-last']) ?? 1 });
      else if (verb === 'orphans') r = await core.client.call('maintain.orphans', { ...on, dryRun, olderThanMs: olderThanMs ?? 3 * DAY_MS });
      else r = await core.client.call('maintain.rewriteManifests', { ...on, dryRun, entriesPerManifest: whole('entries-per-manifest', values['entries-per-manifest']) ?? 100_000 });
      if (values.json) return io.out(stringifyExactJson(r, 2));
      printReport(r, io);
    } finally {
      await core.close();
    }
  },
};
