import type { FileIO } from '../lake/io/file-io';
import type { Snapshot } from '../lake/spec/metadata';
import { readManifests, type RawManifest } from './raw-manifests';

/** Manifests read once per operation, however many snapshots share them. */
export class ManifestReader {
  private readonly byList = new Map<string, Promise<RawManifest[]>>();
  constructor(private readonly io: FileIO) {}

  of(snapshot: Snapshot): Promise<RawManifest[]> {
    const key = snapshot.manifestList ?? String(snapshot.snapshotId);
    let m = this.byList.get(key);
    if (!m) this.byList.set(key, (m = readManifests(this.io, snapshot)));
    return m;
  }
}

/**
 * The files of a snapshot: its manifest list, its manifests and the files they name: the live ones (what it needs),
 * or with `anyStatus` also those its manifests record as deleted (what it may name).
 */
export async function filesOf(reader: ManifestReader, snapshot: Snapshot, into = new Set<string>(), anyStatus = false): Promise<Set<string>> {
  if (snapshot.manifestList) into.add(snapshot.manifestList);
  for (const m of await reader.of(snapshot)) {
    into.add(m.row.manifest_path);
    for (const e of m.entries) if (anyStatus || e.status !== 'deleted') into.add(e.file.path);
  }
  return into;
}
