import { describe, expect, it } from 'vitest';
import type { LoadedTable } from '../../../electron/core/lake/catalog/catalog';
import type { ManifestEntry } from '../../../electron/core/lake/spec/manifest';
import type { Snapshot, TableMetadata } from '../../../electron/core/lake/spec/metadata';
import { planCompaction } from '../../../electron/core/maintain/compact-plan';
import { planExpiry } from '../../../electron/core/maintain/expire';
import { suggestions } from '../../../electron/core/maintain/health';
import { fileKey } from '../../../electron/core/maintain/orphans';
import type { RawManifest } from '../../../electron/core/maintain/raw-manifests';
import { CompactInput, ExpireInput, OrphansInput } from '../../../shared/model/maintain';

const DAY = 86_400_000;
const NOW = 100 * DAY;

function snap(id: number, parent: number | null, ageDays: number, summary: Record<string, string> = {}): Snapshot {
  return { snapshotId: BigInt(id), parentSnapshotId: parent === null ? null : BigInt(parent), sequenceNumber: BigInt(id), timestampMs: NOW - ageDays * DAY, manifestList: `/t/metadata/snap-${id}.avro`, manifests: null, summary, schemaId: 0 };
}

function table(snapshots: Snapshot[], refs: [string, { snapshotId: bigint; type: 'branch' | 'tag' }][] = []): LoadedTable {
  const current = snapshots.at(-1)!.snapshotId;
  const meta = {
    formatVersion: 2,
    location: '/t',
    currentSnapshotId: current,
    snapshots,
    refs: new Map([['main', { snapshotId: current, type: 'branch' as const }], ...refs]),
    partitionSpecs: [{ specId: 0, fields: [] }],
    properties: {},
  } as unknown as TableMetadata;
  return { id: { namespace: ['n'], name: 't' }, metadataLocation: '/t/metadata/v1.metadata.json', metadata: meta };
}

describe('expiry plan', () => {
  // 1 ← 2 (job A) ← 3 ← 4 (job B) ← 5 ← 6, ten days apart; 2 tagged.
  const snapshots = [snap(1, null, 60), snap(2, 1, 50, { 'floe.land.job': 'A' }), snap(3, 2, 40), snap(4, 3, 30, { 'floe.land.job': 'B' }), snap(5, 4, 20, { 'floe.land.job': 'B' }), snap(6, 5, 10)];

  it("keeps tagged snapshots, the newest K, and each landing job's last offsets with everything after them", () => {
    const onlyB = snapshots.map((s) => (s.snapshotId === 2n ? { ...s, summary: {} } : s));
    const plan = planExpiry(table(onlyB, [['release', { snapshotId: 1n, type: 'tag' }]]), { olderThanMs: 5 * DAY, retainLast: 1, now: NOW });
    expect(plan.expired.map((s) => Number(s.snapshotId))).toEqual([2, 3, 4]);
    const why = Object.fromEntries(plan.kept.map((k) => [k.what, k.why]));
    expect(why['snapshot 1']).toMatch(/tag "release" points at it/);
    expect(why['snapshot 5']).toMatch(/holds landing job B's committed offsets/);
    expect(why['snapshot 6']).toMatch(/the current snapshot/);
    // Job A's offsets sit in snapshot 2: it and every snapshot after it stay, or A could not find them walking back.
    const withA = planExpiry(table(snapshots), { olderThanMs: 5 * DAY, retainLast: 1, now: NOW });
    expect(withA.expired.map((s) => Number(s.snapshotId))).toEqual([1]);
    expect(Object.fromEntries(withA.kept.map((k) => [k.what, k.why]))['snapshot 3']).toMatch(/between the current snapshot and landing job A/);
  });

  it('keeps snapshots younger than the cut-off', () => {
    const plain = snapshots.map((s) => ({ ...s, summary: {} }));
    expect(planExpiry(table(plain), { olderThanMs: 35 * DAY, retainLast: 1, now: NOW }).expired.map((s) => Number(s.snapshotId))).toEqual([1, 2, 3]);
    expect(planExpiry(table(plain), { olderThanMs: 0, retainLast: 3, now: NOW }).expired.map((s) => Number(s.snapshotId))).toEqual([1, 2, 3]);
  });
});

function entry(path: string, size: number, content: 'data' | 'position-deletes' = 'data', seq = 1n, partition: Record<string, unknown> = {}): ManifestEntry {
  return {
    status: 'added',
    snapshotId: 1n,
    sequenceNumber: seq,
    file: { content, path, format: 'PARQUET', specId: 0, partition, recordCount: 10, sizeBytes: size, equalityIds: null, referencedDataFile: null },
  };
}

const manifests = (entries: ManifestEntry[]): RawManifest[] => [{ row: {} as RawManifest['row'], meta: {}, records: [], entries }];

describe('compaction plan', () => {
  const meta = table([snap(1, null, 0)]).metadata;

  it('bin-packs small files up to the target size and leaves large ones', () => {
    const plan = planCompaction(meta, manifests([entry('a', 400), entry('b', 300), entry('c', 200), entry('big', 900)]), { targetFileBytes: 1000 });
    expect(plan.groups.map((g) => g.tasks.map((t) => t.file.path))).toEqual([['c', 'b', 'a']]);
    expect(plan.dataFiles).toBe(4);
  });

  it('rewrites a lone file that has deletes and drops the delete file that reached only rewritten files', () => {
    const plan = planCompaction(meta, manifests([entry('a', 900), entry('big', 950, 'data', 1n), entry('d', 10, 'position-deletes', 2n)]), { targetFileBytes: 1000 });
    // Both data files have the delete (same partition, older sequence number): both are rewritten, each alone.
    expect(plan.groups.map((g) => g.tasks.map((t) => t.file.path))).toEqual([['a'], ['big']]);
    expect(plan.droppedDeletes.map((d) => d.file.path)).toEqual(['d']);
  });

  it('keeps a delete file that still reaches a file left alone', () => {
    const plan = planCompaction(meta, manifests([entry('a', 10, 'data', 1n, { p: 1 }), entry('b', 10, 'data', 1n, { p: 1 }), entry('d', 10, 'position-deletes', 2n, { p: 2 }), entry('c', 10, 'data', 1n, { p: 2 })]), { targetFileBytes: 1000, minInputFiles: 2 });
    expect(plan.groups.map((g) => g.tasks.map((t) => t.file.path).sort())).toEqual([['a', 'b'], ['c']]);
    expect(plan.droppedDeletes.map((d) => d.file.path)).toEqual(['d']);
  });

  it('has nothing to do for one small file without deletes', () => {
    expect(planCompaction(meta, manifests([entry('a', 10)]), {}).groups).toEqual([]);
  });
});

describe('maintenance inputs and figures', () => {
  it('refuses invalid arguments with a specific message', () => {
    expect(() => CompactInput.parse({ targetFileBytes: 10 })).toThrow(/a file size is at least 1024 bytes/);
    expect(() => OrphansInput.parse({ olderThanMs: 10 })).toThrow(/safety age is at least one minute/);
    expect(() => ExpireInput.parse({ retainLast: 0 })).toThrow();
    expect(ExpireInput.parse({})).toMatchObject({ olderThanMs: 5 * DAY, retainLast: 1, dryRun: false });
  });

  it('suggests compaction for many small files and expiry for old snapshots', () => {
    const base = { table: 't', dataFiles: 100, dataBytes: 100_000, smallFiles: 100, avgFileBytes: 1000, targetFileBytes: 128 << 20, deleteFiles: 0, deleteFileRatio: 0, deletedRowRatio: 0, snapshots: 500, oldestSnapshotAgeMs: 8 * DAY, manifests: 2 };
    expect(suggestions(base).map((s) => s.operation)).toEqual(['compact', 'expire']);
    expect(suggestions({ ...base, smallFiles: 1, snapshots: 3, oldestSnapshotAgeMs: DAY })).toEqual([]);
  });

  it('names a file one way whatever its spelling', () => {
    expect(fileKey('file:///t/data/a.parquet')).toBe('/t/data/a.parquet');
    expect(fileKey('/t/data/../data/a.parquet')).toBe('/t/data/a.parquet');
    expect(fileKey('s3a://b/t/a.parquet')).toBe('s3://b/t/a.parquet');
  });
});
