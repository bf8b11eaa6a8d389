import { FloeError } from '../../../shared/errors';
import type { MaintainReport } from '../../../shared/model/maintain';
import { tableName, type LoadedTable } from '../lake/catalog/catalog';
import { assignDeletes } from '../lake/scan/delete-index';
import { partitionColumns } from '../lake/spec/manifest-avro';
import { manifestListEntry, writeManifest, type ManifestListEntry } from '../lake/spec/manifest-writer';
import { currentSchema } from '../lake/spec/metadata';
import type { WrittenFile } from '../lake/writer/data-file';
import { readMetadataJson } from '../lake/writer/metadata-commit';
import { manifestContext } from '../lake/writer/snapshot-commit';
import { randomUUID } from 'node:crypto';
import { liveFiles, planCompaction, type CompactOptions, type CompactPlan } from './compact-plan';
import { rewriteGroups } from './compact-rewrite';
import { currentSnapshot, formatSize, plural, report, type MaintainTable } from './maintain-table';
import { writeRawManifest, type OutEntry } from './manifest-out';
import { explicitRecord, readManifests } from './raw-manifests';
import { commitReplace, Superseded } from './replace-commit';
import { continuedTotals } from './snapshot-totals';

const ROUNDS = 3;

function describePlan(plan: CompactPlan): string {
  const files = plan.groups.reduce((n, g) => n + g.tasks.length, 0);
  const bytes = plan.groups.reduce((n, g) => n + g.bytes, 0);
  const partitions = new Set(plan.groups.map((g) => g.partitionKey)).size;
  const deletes = plan.droppedDeletes.length;
  return `${plural(files, 'data file')} (${formatSize(bytes)}) in ${plural(partitions, 'partition')} into ${plural(plan.groups.length, 'file')} of up to ${formatSize(plan.targetFileBytes)}${deletes ? `, folding in and dropping ${plural(deletes, 'delete file')}` : ''}`;
}

/**
 * Compacts a table: small data files of each partition are rewritten together with their deletes folded in, and one
 * `replace` snapshot swaps them. A writer that commits meanwhile is built upon (the rewrite is committed on its
 * snapshot) unless it removed a rewritten file or added a delete reaching one: then the work is planned again from
 * its snapshot, and after a few such rounds the compaction gives up, leaving the table as the other writers left it.
 */
export async function compactTable(t: MaintainTable, options: CompactOptions & { dryRun?: boolean } = {}): Promise<MaintainReport> {
  const dryRun = options.dryRun ?? false;
  let lastConflict = '';
  for (let round = 1; round <= ROUNDS; round++) {
    const table = await t.catalog.loadTable(t.id);
    const snapshot = currentSnapshot(table);
    if (!snapshot) return report(t, 'compact', dryRun, `${tableName(t.id)} has no snapshot yet: there is nothing to compact`, { counts: { filesBefore: 0, filesAfter: 0 } });
    const plan = planCompaction(table.metadata, await readManifests(t.io, snapshot), options);
    const counts = { filesBefore: plan.dataFiles, rewrittenFiles: plan.groups.reduce((n, g) => n + g.tasks.length, 0), droppedDeleteFiles: plan.droppedDeletes.length };
    const removed = [...plan.groups.flatMap((g) => g.tasks.map((x) => x.file.path)), ...plan.droppedDeletes.map((d) => d.file.path)];
    if (plan.groups.length === 0)
      return report(t, 'compact', dryRun, `Nothing to compact in ${tableName(t.id)}: no partition has ${options.minInputFiles ?? 2} or more files under ${formatSize(plan.targetFileBytes * 0.75)} or files with deletes`, { counts: { ...counts, filesAfter: plan.dataFiles } });
    if (dryRun) return report(t, 'compact', true, `Would rewrite ${describePlan(plan)}`, { counts: { ...counts, filesAfter: plan.dataFiles - counts.rewrittenFiles + plan.groups.length }, removed });

    const files = await rewriteGroups(table, t.io, plan.groups, t.stagingDir, snapshot);
    const added = files.filter((f): f is WrittenFile => f !== undefined);
    try {
      const done = await commitReplace(t.catalog, t.io, t.id, (base, snapshotId, seq) => replaceManifests(t, base, plan, removed, added, snapshotId, seq));
      return report(t, 'compact', false, `Rewrote ${describePlan(plan)}${done.attempts > 1 ? ` (committed on attempt ${done.attempts}: other writers committed meanwhile)` : ''}`, {
        snapshotId: String(done.snapshotId),
        attempts: done.attempts + (round - 1),
        counts: { ...counts, filesAfter: plan.dataFiles - counts.rewrittenFiles + added.length, addedFiles: added.length },
        removed,
        added: added.map((f) => f.path),
      });
    } catch (e) {
      for (const f of added) await t.io.delete(f.path).catch(() => undefined);
      if (!(e instanceof Superseded)) throw e;
      lastConflict = e.message;
    }
  }
  throw new FloeError('CONFLICT', `Compaction of ${tableName(t.id)} gave up after ${ROUNDS} rounds: ${lastConflict}. Nothing was changed; the files it wrote were removed`);
}

/** The manifests of the replace snapshot on `base`: rewritten files marked deleted, the new files added, the rest carried. */
async function replaceManifests(t: MaintainTable, base: LoadedTable, plan: CompactPlan, removed: string[], added: WrittenFile[], snapshotId: bigint, seq: bigint) {
  const snapshot = currentSnapshot(base);
  if (!snapshot) throw new Superseded(`${tableName(t.id)} was emptied by another writer`);
  const manifests = await readManifests(t.io, snapshot);
  const { data, deletes } = liveFiles(manifests);
  const live = new Set([...data, ...deletes].map((f) => f.file.path));
  const gone = removed.find((p) => !live.has(p));
  if (gone) throw new Superseded(`another writer removed ${gone} since the compaction planned`);
  const rewritten = new Set(plan.groups.flatMap((g) => g.tasks.map((x) => x.file.path)));
  for (const task of assignDeletes(data.filter((d) => rewritten.has(d.file.path)), deletes, base.metadata.partitionSpecs)) {
    const late = [...task.positionDeletes, ...task.equalityDeletes].find((d) => !plan.knownDeletes.has(d.file.path));
    if (late) throw new Superseded(`another writer committed deletes (${late.file.path}) reaching ${task.file.path} since the compaction planned`);
  }
  const removing = new Set(removed);
  const schema = currentSchema(base.metadata);
  const rows: ManifestListEntry[] = [];
  const written: string[] = [];
  for (const m of manifests) {
    const touched = m.entries.some((e) => e.status !== 'deleted' && removing.has(e.file.path));
    if (!touched) {
      rows.push(m.row);
      continue;
    }
    const out: OutEntry[] = [];
    m.entries.forEach((e, i) => {
      if (e.status === 'deleted') return;
      const status = removing.has(e.file.path) ? 2 : 0;
      out.push({ record: explicitRecord(m, i, status, snapshotId), entry: e, status });
    });
    const spec = base.metadata.partitionSpecs.find((s) => s.specId === m.row.partition_spec_id);
    if (!spec) throw new FloeError('STORE_CORRUPT', `Manifest ${m.row.manifest_path} names partition spec ${m.row.partition_spec_id}, which the table does not have`);
    const row = await writeRawManifest(t.io, base.metadata.location, m.meta, partitionColumns(spec, schema), spec.specId, out, snapshotId, seq);
    rows.push(row);
    written.push(row.manifest_path);
  }
  const raw = await readMetadataJson(t.io, base);
  for (const specId of new Set(added.map((f) => f.specId))) {
    const ctx = manifestContext(raw, base.metadata, specId);
    const files = added.filter((f) => f.specId === specId);
    const bytes = writeManifest(ctx, 'data', files);
    const path = `${base.metadata.location.replace(/\/+$/, '')}/metadata/${randomUUID()}-m-compacted.avro`;
    await t.io.write(path, bytes);
    written.push(path);
    rows.unshift(manifestListEntry(ctx, path, bytes.length, 'data', files, snapshotId, seq));
  }
  const removedData = data.filter((d) => rewritten.has(d.file.path));
  const removedDeletes = deletes.filter((d) => removing.has(d.file.path));
  const summary: Record<string, string> = {
    'added-data-files': String(added.length),
    'deleted-data-files': String(removedData.length),
    'removed-delete-files': String(removedDeletes.length),
    'added-records': String(added.reduce((n, f) => n + f.recordCount, 0)),
    'deleted-records': String(removedData.reduce((n, f) => n + f.file.recordCount, 0)),
    'floe.maintain': 'compact',
    ...continuedTotals(snapshot.summary, { added, removedData, removedDeletes }),
  };
  return { manifests: rows, summary, written };
}
