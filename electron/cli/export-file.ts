import { randomUUID } from 'node:crypto';
import { copyFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { FloeError } from '../../shared/errors';
import type { AnyCatalogSpec, ExportFormat, ExportResult } from '../../shared/model/lake';
import type { CoreSession } from './context';

const BY_EXTENSION: Record<string, ExportFormat> = { '.parquet': 'parquet', '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'jsonl' };

/** `--format`, else the file's extension. */
export function exportFormatOf(path: string, format?: string): ExportFormat {
  if (format !== undefined) {
    if (format === 'parquet' || format === 'csv' || format === 'jsonl') return format;
    throw new FloeError('BAD_INPUT', `--format takes parquet, csv or jsonl, not "${format}"`);
  }
  const byExt = BY_EXTENSION[extname(path).toLowerCase()];
  if (!byExt) throw new FloeError('BAD_INPUT', `Cannot tell the format of ${path} from its extension: name it .parquet, .csv or .jsonl, or pass --format`);
  return byExt;
}

/**
 * `floe sql … --out FILE`: the core writes the result into its own exports folder (the only place its writer may
 * write); this command, acting for the user who named FILE, then moves it there. An existing FILE is not replaced.
 */
export async function exportToFile(
  core: CoreSession,
  catalog: AnyCatalogSpec | undefined,
  sql: string,
  out: string,
  format: ExportFormat,
  timeoutSeconds?: number,
): Promise<ExportResult> {
  const target = resolve(out);
  await checkTarget(target);
  const { dataDir } = await core.client.call('app.info', {});
  const staged = join(dataDir, 'exports', 'cli', `${randomUUID()}.${format}`);
  const result = await core.client.call('lake.export', { ...(catalog ? { catalog } : {}), sql, format, path: staged, ...(timeoutSeconds ? { timeoutSeconds } : {}) });
  try {
    await rename(result.path, target).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EXDEV') throw e;
      await copyFile(result.path, target);
    });
  } catch (e) {
    // The staging file is Floe's business: the message names only the user's file.
    throw cannotWrite(target, (e as NodeJS.ErrnoException).code ?? '');
  } finally {
    await rm(result.path, { force: true });
  }
  return { ...result, path: target };
}

/** Before running the query: the file must not exist, and its folder must (an export is not thrown away at the end). */
async function checkTarget(target: string): Promise<void> {
  if (await stat(target).then(() => true, () => false)) throw new FloeError('CONFLICT', `${target} already exists; choose another name or remove it`);
  const folder = dirname(target);
  const info = await stat(folder).catch((e: NodeJS.ErrnoException) => e);
  if (info instanceof Error) throw cannotWrite(target, info.code ?? '');
  if (!info.isDirectory()) throw new FloeError('BAD_INPUT', `Cannot write ${target}: ${folder} is not a folder`);
}

function cannotWrite(target: string, code: string): FloeError {
  const folder = dirname(target);
  const why: Record<string, string> = {
    ENOENT: `the folder ${folder} does not exist`,
    ENOTDIR: `a part of ${folder} is not a folder`,
    EACCES: `permission denied in ${folder}`,
    EPERM: `permission denied in ${folder}`,
    EROFS: `${folder} is on a read-only file system`,
    ENOSPC: `no space left on the device of ${folder}`,
  };
  return new FloeError(code in why ? 'BAD_INPUT' : 'INTERNAL', `Cannot write ${target}: ${why[code] ?? `the result could not be moved there (${code || 'unknown error'})`}`);
}
