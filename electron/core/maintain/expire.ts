import { FloeError } from '../../../shared/errors';
import type { MaintainReport } from '../../../shared/model/maintain';
import { tableName, type LoadedTable } from '../lake/catalog/catalog';
import type { ExactJson } from '../lake/spec/exact-json';
import type { Snapshot } from '../lake/spec/metadata';
import { ancestors } from '../lake/spec/snapshot-select';
import { readMetadataJson, swapMetadata, type MetadataJson } from '../lake/writer/metadata-commit';
import { JOB_PROPERTY } from '../land/land-batch';
import { plural, report, type MaintainTable } from './maintain-table';
import { filesOf, ManifestReader } from './reachable-files';

export interface ExpireOptions {
  olderThanMs: number;
  retainLast: number;
  dryRun?: boolean;
  now?: number;
}

interface ExpirePlan {
  expired: Snapshot[];
  kept: { what: string; why: string }[];
}

/**
 * Which snapshots go: those older than the cut-off, except the newest `retainLast` of the main branch, every snapshot a
 * branch or tag points at, and for each landing job the snapshot holding its last committed offsets together with every
 * snapshot between it and the current one (the job finds its offsets by walking back from the current snapshot).
 */
export function planExpiry(t: LoadedTable, options: ExpireOptions): ExpirePlan {
  const meta = t.metadata;
  const cutoff = (options.now ?? Date.now()) - options.olderThanMs;
  const why = new Map<bigint, string>();
  const keep = (id: bigint, reason: string) => {
    if (!why.has(id)) why.set(id, reason);
  };
  for (const [name, ref] of meta.refs) keep(ref.snapshotId, name === 'main' ? 'the current snapshot' : `${ref.type} "${name}" points at it`);
  const main = [...ancestors(meta, meta.currentSnapshotId)];
  main.slice(0, options.retainLast).forEach((s) => keep(s.snapshotId, `one of the newest ${options.retainLast} of the main branch`));
  const seenJobs = new Set<string>();
  main.forEach((s, i) => {
    const job = s.summary[JOB_PROPERTY];
    if (!job || seenJobs.has(job)) return;
    seenJobs.add(job);
    keep(s.snapshotId, `holds landing job ${job}'s committed offsets`);
    for (const between of main.slice(0, i)) keep(between.snapshotId, `lies between the current snapshot and landing job ${job}'s committed offsets`);
  });
  for (const s of meta.snapshots) if (s.timestampMs >= cutoff) keep(s.snapshotId, `younger than the cut-off ${new Date(cutoff).toISOString()}`);
  const expired = meta.snapshots.filter((s) => !why.has(s.snapshotId));
  const kept = meta.snapshots.filter((s) => why.has(s.snapshotId) && s.timestampMs < cutoff).map((s) => ({ what: `snapshot ${s.snapshotId}`, why: why.get(s.snapshotId)! }));
  return { expired, kept };
}

/** Files only expired snapshots need: listed by reading every snapshot's manifests, kept ones first. */
async function unreferencedFiles(t: MaintainTable, table: LoadedTable, expired: Snapshot[]): Promise<string[]> {
  const reader = new ManifestReader(t.io);
  const gone = new Set(expired.map((s) => s.snapshotId));
  const referenced = new Set<string>();
  for (const s of table.metadata.snapshots) if (!gone.has(s.snapshotId)) await filesOf(reader, s, referenced);
  const candidates = new Set<string>();
  for (const s of expired) {
    // A manifest list that vanished leaves nothing more to find: its snapshot still goes.
    await filesOf(reader, s, candidates, true).catch((e: unknown) => {
      if (!(e instanceof FloeError && e.code === 'NOT_FOUND')) throw e;
    });
  }
  return [...candidates].filter((p) => !referenced.has(p));
}

/** Expires old snapshots by compare-and-swap (replanned on the new table when another writer commits first), then deletes files no remaining snapshot needs. */
export async function expireSnapshots(t: MaintainTable, options: ExpireOptions): Promise<MaintainReport> {
  const dryRun = options.dryRun ?? false;
  for (let attempt = 1; attempt <= 4; attempt++) {
    const table = await t.catalog.loadTable(t.id);
    const plan = planExpiry(table, options);
    const counts = { snapshotsBefore: table.metadata.snapshots.length, expiredSnapshots: plan.expired.length, snapshotsAfter: table.metadata.snapshots.length - plan.expired.length };
    if (plan.expired.length === 0)
      return report(t, 'expire', dryRun, `No snapshot of ${tableName(t.id)} to expire (${plural(table.metadata.snapshots.length, 'snapshot')}; ${plan.kept.length} old ones kept on purpose)`, { counts: { ...counts, deletedFiles: 0 }, kept: plan.kept });
    const files = await unreferencedFiles(t, table, plan.expired);
    const removedIds = plan.expired.map((s) => String(s.snapshotId));
    const what = `${plural(plan.expired.length, 'snapshot')} of ${tableName(t.id)} and ${plural(files.length, 'file')} only they need`;
    if (dryRun) return report(t, 'expire', true, `Would expire ${what}`, { counts: { ...counts, deletedFiles: files.length }, removed: [...removedIds.map((id) => `snapshot ${id}`), ...files], kept: plan.kept });

    const raw = await readMetadataJson(t.io, table);
    const gone = new Set(removedIds);
    const idOf = (x: ExactJson) => String((x as MetadataJson)['snapshot-id']);
    const next: MetadataJson = {
      ...raw,
      snapshots: ((raw.snapshots as ExactJson[] | undefined) ?? []).filter((s) => !gone.has(idOf(s))),
      'snapshot-log': ((raw['snapshot-log'] as ExactJson[] | undefined) ?? []).filter((s) => !gone.has(idOf(s))),
    };
    try {
      await swapMetadata(t.catalog, t.io, t.id, table, next, Math.max(Date.now(), table.metadata.lastUpdatedMs + 1));
    } catch (e) {
      if (e instanceof FloeError && e.code === 'CONFLICT') continue;
      throw e;
    }
    for (const f of files) await t.io.delete(f).catch(() => undefined);
    return report(t, 'expire', false, `Expired ${what}`, { attempts: attempt, counts: { ...counts, deletedFiles: files.length }, removed: [...removedIds.map((id) => `snapshot ${id}`), ...files], kept: plan.kept });
  }
  throw new FloeError('CONFLICT', `Expiring snapshots of ${tableName(t.id)} gave up after 4 attempts: other writers kept committing first. Nothing was changed`);
}
