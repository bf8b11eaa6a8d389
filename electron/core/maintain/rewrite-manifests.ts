import { FloeError } from '../../../shared/errors';
import type { MaintainReport } from '../../../shared/model/maintain';
import { tableName } from '../lake/catalog/catalog';
import { partitionColumns } from '../lake/spec/manifest-avro';
import type { ManifestListEntry } from '../lake/spec/manifest-writer';
import { currentSchema } from '../lake/spec/metadata';
import { currentSnapshot, plural, report, type MaintainTable } from './maintain-table';
import { writeRawManifest, type OutEntry } from './manifest-out';
import { explicitRecord, readManifests, type RawManifest } from './raw-manifests';
import { commitReplace } from './replace-commit';
import { continuedTotals } from './snapshot-totals';

/** Live entries per (spec, content) with the header of a manifest they came from (its Avro schema is written again). */
function groupsOf(manifests: RawManifest[]) {
  const groups = new Map<string, { specId: number; meta: Record<string, string>; entries: OutEntry[]; from: number }>();
  for (const m of manifests) {
    const key = `${m.row.partition_spec_id}:${m.row.content}:${m.meta['avro.schema']}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { specId: m.row.partition_spec_id, meta: m.meta, entries: [], from: 0 }));
    g.from++;
    m.entries.forEach((e, i) => {
      if (e.status !== 'deleted') g.entries.push({ record: explicitRecord(m, i, 0), entry: e, status: 0 });
    });
  }
  return [...groups.values()];
}

/**
 * Rewrites the current snapshot's manifests: live entries of each partition spec and content, sorted by partition,
 * into manifests of at most `entriesPerManifest` entries, as a `replace` snapshot (the same files, fewer manifests).
 * Built on whatever the table holds at commit time, so a writer committing meanwhile only costs another attempt.
 */
export async function rewriteManifests(t: MaintainTable, options: { entriesPerManifest: number; dryRun?: boolean }): Promise<MaintainReport> {
  const dryRun = options.dryRun ?? false;
  const table = await t.catalog.loadTable(t.id);
  const snapshot = currentSnapshot(table);
  if (!snapshot) return report(t, 'rewrite-manifests', dryRun, `${tableName(t.id)} has no snapshot yet: there are no manifests to rewrite`, { counts: { manifestsBefore: 0, manifestsAfter: 0 } });
  const manifests = await readManifests(t.io, snapshot);
  const target = (list: RawManifest[]) => groupsOf(list).reduce((n, g) => n + Math.ceil(g.entries.length / options.entriesPerManifest), 0);
  const after = target(manifests);
  const counts = { manifestsBefore: manifests.length, manifestsAfter: after };
  if (after >= manifests.length) return report(t, 'rewrite-manifests', dryRun, `Nothing to rewrite: ${tableName(t.id)} has ${plural(manifests.length, 'manifest')}, already no more than the ${after} it needs`, { counts: { ...counts, manifestsAfter: manifests.length } });
  if (dryRun) return report(t, 'rewrite-manifests', true, `Would rewrite ${plural(manifests.length, 'manifest')} of ${tableName(t.id)} into ${after}`, { counts, removed: manifests.map((m) => m.row.manifest_path) });

  let replaced = manifests.map((m) => m.row.manifest_path);
  let written: string[] = [];
  const done = await commitReplace(t.catalog, t.io, t.id, async (base, snapshotId, seq) => {
    const current = currentSnapshot(base);
    if (!current) throw new FloeError('CONFLICT', `${tableName(t.id)} was emptied by another writer`);
    const list = await readManifests(t.io, current);
    replaced = list.map((m) => m.row.manifest_path);
    const schema = currentSchema(base.metadata);
    const rows: ManifestListEntry[] = [];
    written = [];
    for (const g of groupsOf(list)) {
      const spec = base.metadata.partitionSpecs.find((s) => s.specId === g.specId);
      if (!spec) throw new FloeError('STORE_CORRUPT', `A manifest of ${tableName(t.id)} names partition spec ${g.specId}, which the table does not have`);
      const columns = partitionColumns(spec, schema);
      const sorted = [...g.entries].sort((a, b) => (JSON.stringify(a.entry.file.partition, big) < JSON.stringify(b.entry.file.partition, big) ? -1 : 1));
      for (let i = 0; i < sorted.length; i += options.entriesPerManifest) {
        const row = await writeRawManifest(t.io, base.metadata.location, g.meta, columns, spec.specId, sorted.slice(i, i + options.entriesPerManifest), snapshotId, seq);
        rows.push(row);
        written.push(row.manifest_path);
      }
    }
    return { manifests: rows, summary: { ...continuedTotals(current.summary, { added: [], removedData: [], removedDeletes: [] }), 'manifests-replaced': String(list.length), 'manifests-created': String(rows.length), 'floe.maintain': 'rewrite-manifests' }, written };
  });
  return report(t, 'rewrite-manifests', false, `Rewrote ${plural(replaced.length, 'manifest')} of ${tableName(t.id)} into ${written.length}`, {
    snapshotId: String(done.snapshotId),
    attempts: done.attempts,
    counts: { manifestsBefore: replaced.length, manifestsAfter: written.length },
    removed: replaced,
    added: written,
  });
}

const big = (_k: string, v: unknown) => (typeof v === 'bigint' ? String(v) : v);
