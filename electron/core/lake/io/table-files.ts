import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FloeError } from '../../../../shared/errors';
import { tableName, type LoadedTable } from '../catalog/catalog';
import type { LiveFile } from '../scan/delete-index';
import type { ScanPlan } from '../scan/planner';
import type { FileIO } from './file-io';
import { isMissingObject, parseLocation } from './object-store';
import { insideDir, insideS3Root, s3Root, type TableRoot } from './table-location';

const PAR1 = 0x31524150; // "PAR1" read as a little-endian uint32

function refuse(f: LiveFile, t: LoadedTable, why: string): FloeError {
  const kind = f.file.content === 'data' ? 'Data' : 'Delete';
  const rule = "Floe reads only Parquet files inside a table's own location; this table's metadata may be damaged or hostile";
  return new FloeError('BAD_INPUT', `${kind} file ${f.file.path} of table ${tableName(t.id)} ${why}: refused (${rule})`, {
    file: f.file.path,
  });
}

/** Whether a local file starts and ends with Parquet's magic: a manifest may name any file, but DuckDB gets only Parquet files. */
async function isParquet(path: string, size: number): Promise<boolean> {
  if (size < 12) return false;
  const fh = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    await fh.read(tail, 0, 4, size - 4);
    return head.readUInt32LE(0) === PAR1 && tail.readUInt32LE(0) === PAR1;
  } finally {
    await fh.close();
  }
}

/**
 * The local paths DuckDB may read for a scan plan's data and delete files, after checking each one: it lies inside its
 * table's declared location (s3: same bucket, under the location's key; local: after resolving `..`, %-escapes and
 * symlinks on disk), it is a regular file, and it is a Parquet file. Remote files are fetched into Floe's cache first.
 * Any file failing a check refuses the whole plan, naming the file, before DuckDB is granted anything.
 */
export async function localTableFiles(t: LoadedTable, plan: ScanPlan, io: FileIO): Promise<Map<string, string>> {
  const files = new Map<string, LiveFile>();
  for (const f of [...plan.tasks, ...plan.deleteFiles]) files.set(f.file.path, f);
  const location = t.metadata.location;
  let root: Promise<TableRoot | null> | null = null;
  const rootOf = () =>
    (root ??= (async (): Promise<TableRoot | null> => {
      const loc = parseLocation(location);
      if (loc.scheme === 's3') return s3Root(loc);
      if (!loc.path.startsWith('/')) return null;
      return realpath(loc.path).then(
        (dir) => ({ scheme: 'file', dir }),
        () => null,
      );
    })());
  const missing = (f: LiveFile) =>
    new FloeError('NOT_FOUND', `File ${f.file.path} of table ${tableName(t.id)} (snapshot ${plan.snapshot?.snapshotId}) is missing`);
  const outside = `is outside the table's location ${location}`;

  const check = async (f: LiveFile): Promise<string> => {
    const r = await rootOf();
    if (!r) throw refuse(f, t, `cannot be checked: the table's location ${JSON.stringify(location)} is not an existing folder or s3:// location`);
    const loc = parseLocation(f.file.path);
    let local: string;
    if (r.scheme === 's3') {
      if (!insideS3Root(r, loc)) throw refuse(f, t, outside);
      local = await io.localPath(f.file.path).catch((e: unknown) => {
        throw isMissingObject(e) ? missing(f) : e;
      });
    } else {
      if (loc.scheme !== 'file' || !loc.path.startsWith('/')) throw refuse(f, t, outside);
      local = await realpath(loc.path).catch((e: NodeJS.ErrnoException) => {
        throw e.code === 'ENOENT' ? missing(f) : refuse(f, t, `cannot be resolved (${e.code ?? e.message})`);
      });
      if (!insideDir(r.dir, local)) throw refuse(f, t, local === resolve(loc.path) ? outside : `leads to ${local}, outside the table's location ${location}`);
    }
    const info = await stat(local);
    if (!info.isFile()) throw refuse(f, t, 'is not a regular file');
    if (!(await isParquet(local, info.size))) throw refuse(f, t, 'is not a Parquet file (it does not start and end with PAR1)');
    return local;
  };

  const local = new Map<string, string>();
  const queue = [...files.values()];
  const worker = async () => {
    for (let f = queue.shift(); f !== undefined; f = queue.shift()) local.set(f.file.path, await check(f));
  };
  await Promise.all(Array.from({ length: Math.min(16, queue.length) }, worker));
  return local;
}
