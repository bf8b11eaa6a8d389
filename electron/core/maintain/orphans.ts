import { posix } from 'node:path';
import type { MaintainReport } from '../../../shared/model/maintain';
import { tableName } from '../lake/catalog/catalog';
import { parseLocation } from '../lake/io/object-store';
import { formatSize, plural, report, type MaintainTable } from './maintain-table';
import { filesOf, ManifestReader } from './reachable-files';

export interface OrphanOptions {
  olderThanMs: number;
  dryRun?: boolean;
  now?: number;
}

/** One spelling per file: a plain path, a file: URI and s3a:// name the same file alike. */
export function fileKey(uri: string): string {
  const loc = parseLocation(uri);
  return loc.scheme === 's3' ? `s3://${loc.bucket}/${posix.normalize(loc.key)}` : posix.normalize(loc.path);
}

/** Metadata JSON files and the version hint: catalogs and other engines may point at any of them; never orphans here. */
const TABLE_POINTERS = /(\.metadata\.json|\/version-hint\.text)$/;

/**
 * Removes files under the table's location that no snapshot of the table references (manifest lists, manifests, data
 * and delete files of every snapshot, whatever its status) and that are older than the safety age, so that files a
 * writer has written but not yet committed stay. Nothing outside the location is listed or touched.
 */
export async function removeOrphans(t: MaintainTable, options: OrphanOptions): Promise<MaintainReport> {
  const dryRun = options.dryRun ?? false;
  const table = await t.catalog.loadTable(t.id);
  const reader = new ManifestReader(t.io);
  const referenced = new Set<string>();
  for (const s of table.metadata.snapshots) await filesOf(reader, s, referenced, true);
  const refKeys = new Set([...referenced].map(fileKey));
  const listed = await t.io.listTree(table.metadata.location);
  const cutoff = (options.now ?? Date.now()) - options.olderThanMs;
  const orphans: typeof listed = [];
  const kept: { what: string; why: string }[] = [];
  let young = 0;
  for (const f of listed) {
    if (refKeys.has(fileKey(f.uri)) || TABLE_POINTERS.test(f.uri)) continue;
    if (f.modifiedMs === null || f.modifiedMs >= cutoff) {
      young++;
      if (kept.length < 100) kept.push({ what: f.uri, why: f.modifiedMs === null ? 'its age is unknown' : `younger than the safety age (written ${new Date(f.modifiedMs).toISOString()})` });
      continue;
    }
    orphans.push(f);
  }
  const bytes = orphans.reduce((n, f) => n + f.size, 0);
  const counts = { listedFiles: listed.length, referencedFiles: refKeys.size, orphanFiles: orphans.length, orphanBytes: bytes, youngUnreferencedFiles: young };
  const what = `${plural(orphans.length, 'orphan file')} (${formatSize(bytes)}) under ${table.metadata.location}${young ? `; ${young} unreferenced but younger than the safety age stay` : ''}`;
  if (orphans.length === 0) return report(t, 'orphans', dryRun, `No orphan files in ${tableName(t.id)} (${plural(listed.length, 'file')} listed, every one referenced${young ? ` or younger than the safety age (${young})` : ''})`, { counts, kept });
  if (dryRun) return report(t, 'orphans', true, `Would remove ${what}`, { counts, removed: orphans.map((f) => f.uri), kept });
  for (const f of orphans) await t.io.delete(f.uri);
  return report(t, 'orphans', false, `Removed ${what}`, { counts, removed: orphans.map((f) => f.uri), kept });
}
