import { sep } from 'node:path';
import type { Location } from './object-store';

/**
 * A table's declared location as the folder its data and delete files must lie in. Table metadata is untrusted
 * input: a manifest can name any path, so a file is read only when it is inside its own table's folder.
 */
export type S3Root = { scheme: 's3'; bucket: string; prefix: string };
export type TableRoot = { scheme: 'file'; dir: string } | S3Root;

/** `a/./b`, `a/../b`: segments S3 keeps literally but other readers resolve, so a key holding them is refused. */
function hasDotSegment(key: string): boolean {
  return key.split('/').some((s) => s === '.' || s === '..');
}

/** The root of an s3:// location; a file: location's folder is resolved on disk (see table-files.ts). */
export function s3Root(loc: Extract<Location, { scheme: 's3' }>): S3Root {
  return { scheme: 's3', bucket: loc.bucket, prefix: loc.key.replace(/\/+$/, '') };
}

/** Whether the object `loc` lies under an s3 root: same bucket, its key below the root's prefix (never a sibling sharing the prefix). */
export function insideS3Root(root: S3Root, loc: Location): boolean {
  if (loc.scheme !== 's3' || loc.bucket !== root.bucket || hasDotSegment(loc.key)) return false;
  return root.prefix === '' ? loc.key !== '' : loc.key.startsWith(`${root.prefix}/`) && loc.key.length > root.prefix.length + 1;
}

/** Whether the resolved absolute path `real` lies inside the resolved folder `dir` (never a sibling sharing its prefix). */
export function insideDir(dir: string, real: string): boolean {
  const base = dir.endsWith(sep) ? dir : dir + sep;
  return real.startsWith(base) && real.length > base.length;
}

