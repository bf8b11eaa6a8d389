import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { LoadedTable } from '../lake/catalog/catalog';
import type { FileIO } from '../lake/io/file-io';
import { parseLocation } from '../lake/io/object-store';
import { localTableFiles } from '../lake/io/table-files';
import { dataFileFields } from '../lake/scan/data-file-fields';
import type { ScanPlan } from '../lake/scan/planner';
import { partitionColumns } from '../lake/spec/manifest-avro';
import { currentSchema } from '../lake/spec/metadata';
import type { WrittenFile } from '../lake/writer/data-file';
import { ParquetWriter } from '../lake/writer/parquet-writer';
import { partitionPathOf } from '../lake/writer/rows-writer';
import { snapshotSelectSql } from '../engine/view-sql';
import type { CompactGroup } from './compact-plan';
import { partitionTuple } from './manifest-out';

/** The deepest folder holding every path. */
function commonDir(paths: string[]): string {
  const split = paths.map((p) => dirname(p).split(sep));
  const first = split[0] ?? [];
  let n = first.length;
  for (const s of split) {
    let i = 0;
    while (i < n && s[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join(sep) || sep;
}

/**
 * Writes each group's live rows (its files read by field id with every delete that applies to them folded in, by the
 * same SQL the lake reader uses) as one Parquet data file in the group's partition. Groups whose rows were all deleted
 * give no file. Returns the files in group order (undefined for an emptied group).
 */
export async function rewriteGroups(table: LoadedTable, io: FileIO, groups: CompactGroup[], stagingDir: string, snapshot: ScanPlan['snapshot']): Promise<(WrittenFile | undefined)[]> {
  const meta = table.metadata;
  const schema = currentSchema(meta);
  const all: ScanPlan = {
    snapshot,
    schema,
    tasks: groups.flatMap((g) => g.tasks),
    deleteFiles: [...new Map(groups.flatMap((g) => g.tasks.flatMap((t) => [...t.positionDeletes, ...t.equalityDeletes])).map((d) => [d.file.path, d])).values()],
    filesScanned: 0,
    filesTotal: 0,
    manifestsScanned: 0,
    manifestsTotal: 0,
  };
  const local = await localTableFiles(table, all, io);
  const fields = await dataFileFields(all, (p) => local.get(p) ?? p);
  const location = meta.location.replace(/\/+$/, '');
  const loc = parseLocation(location);
  const readable = commonDir([...local.values()]);
  const writable = loc.scheme === 'file' ? [join(loc.path, 'data')] : [];
  const parquet = await ParquetWriter.open(stagingDir, [...writable, ...(writable.some((w) => readable.startsWith(w)) ? [] : [readable])]);
  const out: (WrittenFile | undefined)[] = [];
  try {
    for (const g of groups) {
      const spec = meta.partitionSpecs.find((s) => s.specId === g.specId)!;
      const columns = partitionColumns(spec, schema);
      const partition = partitionTuple(columns, g.tasks[0]!.file);
      const plan: ScanPlan = { ...all, tasks: g.tasks };
      const select = snapshotSelectSql(plan, (p) => local.get(p) ?? p, fields && ((p) => fields.get(p)));
      const uri = [location, 'data', partitionPathOf(columns, partition), `${randomUUID()}-compacted.parquet`].filter(Boolean).join('/');
      const target = parseLocation(uri);
      const path = target.scheme === 'file' ? target.path : join(stagingDir, `${randomUUID()}.parquet`);
      mkdirSync(dirname(path), { recursive: true });
      const written = await parquet.writeSelect(schema.fields, select, path);
      if (written.recordCount === 0) {
        rmSync(path, { force: true });
        out.push(undefined);
        continue;
      }
      if (target.scheme !== 'file') {
        await io.write(uri, readFileSync(path));
        rmSync(path, { force: true });
      }
      out.push({ content: 'data', path: uri, specId: g.specId, partition, ...written });
    }
  } finally {
    parquet.close();
  }
  return out;
}
