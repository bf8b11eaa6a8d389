import type { PartitionSpec } from '../spec/metadata';
import type { ContentFile } from '../spec/manifest';

export interface LiveFile {
  file: ContentFile;
  /** Data sequence number. */
  sequenceNumber: bigint;
}

/** A data file and the delete files that apply to it. */
export interface FileTask extends LiveFile {
  positionDeletes: LiveFile[];
  equalityDeletes: LiveFile[];
}

/** Spec id plus partition values, as text: two files share a partition when their keys are equal. */
export function partitionKey(file: ContentFile): string {
  const values = Object.entries(file.partition).map(([k, v]) => [k, typeof v === 'bigint' ? `${v}n` : v]);
  return `${file.specId}:${JSON.stringify(values)}`;
}

function unpartitioned(spec: PartitionSpec | undefined): boolean {
  return !spec || spec.fields.every((f) => f.transform === 'void');
}

/**
 * Assigns delete files to data files by the spec's rules (Scan Planning):
 * - a position delete applies when the data file's sequence number is <= the delete's and both are in the same partition
 *   (and, when the delete names a referenced data file, only to that file);
 * - an equality delete applies when the data file's sequence number is < the delete's and both are in the same partition,
 *   or the delete's spec is unpartitioned (a global delete).
 */
export function assignDeletes(data: LiveFile[], deletes: LiveFile[], specs: PartitionSpec[]): FileTask[] {
  const byPartition = new Map<string, LiveFile[]>();
  const global: LiveFile[] = [];
  for (const d of deletes) {
    const spec = specs.find((s) => s.specId === d.file.specId);
    if (d.file.content === 'equality-deletes' && unpartitioned(spec)) global.push(d);
    else {
      const key = partitionKey(d.file);
      const list = byPartition.get(key);
      if (list) list.push(d);
      else byPartition.set(key, [d]);
    }
  }
  return data.map((f) => {
    const local = byPartition.get(partitionKey(f.file)) ?? [];
    const positionDeletes = local.filter(
      (d) =>
        d.file.content === 'position-deletes' &&
        f.sequenceNumber <= d.sequenceNumber &&
        (d.file.referencedDataFile === null || d.file.referencedDataFile === f.file.path),
    );
    const equalityDeletes = [...local, ...global].filter((d) => d.file.content === 'equality-deletes' && f.sequenceNumber < d.sequenceNumber);
    return { ...f, positionDeletes, equalityDeletes };
  });
}
