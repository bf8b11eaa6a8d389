import { mkdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path';
import { FloeError } from '../../../../shared/errors';

function inside(dir: string, root: string): boolean {
  return dir === root || dir.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Checks that `path` is an absolute file path inside `root` (Floe's exports folder) — also after resolving symbolic
 * links — and that nothing is there yet; creates its folder. Returns the real folder and the file name.
 */
export async function checkExportPath(path: string, root: string): Promise<{ dir: string; file: string }> {
  if (!isAbsolute(path)) throw new FloeError('BAD_INPUT', `An export path must be absolute, not "${path}"`);
  if (resolve(path) !== path.replace(/\/+$/, '') || path.endsWith('/')) throw new FloeError('BAD_INPUT', `The export path "${path}" is not a plain file path (no "..", "." or trailing "/")`);
  const absRoot = resolve(root);
  if (!inside(dirname(path), absRoot)) throw new FloeError('BAD_INPUT', `Floe exports only into its exports folder ${absRoot}; "${path}" is outside it`);
  await mkdir(dirname(path), { recursive: true });
  const realRoot = await realpath(absRoot);
  const realDir = await realpath(dirname(path));
  if (!inside(realDir, realRoot)) throw new FloeError('BAD_INPUT', `The export folder ${dirname(path)} leads outside Floe's exports folder (to ${realDir})`);
  const file = basename(path);
  if (await stat(resolve(realDir, file)).then(() => true, () => false)) throw new FloeError('CONFLICT', `${path} already exists; choose another name`);
  return { dir: realDir, file };
}
