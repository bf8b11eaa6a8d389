import { describe, expect, it } from 'vitest';
import { dueMaintenance, filesSinceCompaction, RETRY_AFTER_FAILURE_MS, type MaintenanceFacts } from '../../../electron/core/land/maintenance-schedule';
import type { Snapshot, TableMetadata } from '../../../electron/core/lake/spec/metadata';
import { LAND_MAINTENANCE_DEFAULTS, LandJobSpec, LandMaintenance, type LandMaintenanceRun } from '../../../shared/model/land';

const MIN = 60_000;
const HOUR = 60 * MIN;
const now = 1_000 * HOUR;
const m = LAND_MAINTENANCE_DEFAULTS;
const facts = (f: Partial<MaintenanceFacts> = {}): MaintenanceFacts => ({ now, startedAtMs: now - MIN, filesSinceCompact: 0, snapshots: 10, oldestSnapshotMs: now - MIN, manifests: 5, ...f });
const ran = (operation: LandMaintenanceRun['operation'], agoMs: number, ok = true): LandMaintenanceRun => ({ operation, atMs: now - agoMs, durationMs: 10, ok, why: '', message: '' });
const ops = (d: { operation: string }[]) => d.map((x) => x.operation);

describe('landing maintenance schedule', () => {
  it('has defaults that keep a 10-second landing healthy for a week, and a job without a schedule gets them', () => {
    expect(m).toMatchObject({ enabled: true, compactEveryMs: HOUR, compactFiles: 360, expireEveryMs: 30 * MIN, expireOlderThanMs: HOUR, retainLast: 100, orphansEveryMs: 24 * HOUR, orphansOlderThanMs: 72 * HOUR, maxManifests: 100 });
    const spec = LandJobSpec.parse({ name: 'j', profileId: 'p', topic: 't', catalog: { kind: 'sqlite', path: '/c.db' }, table: { namespace: ['a'], name: 'b' } });
    expect(spec.maintenance).toEqual(m);
    // A week of 10 s commits: expiry every 30 min of what is older than 1 h lists at most 1.5 h of snapshots.
    expect((m.expireOlderThanMs + m.expireEveryMs) / 10_000).toBe(540);
  });

  it('refuses schedules that would harm a running landing, with the reason', () => {
    expect(LandMaintenance.safeParse({ orphansOlderThanMs: MIN }).error?.issues[0]?.message).toMatch(/safety age is at least an hour/);
    expect(LandMaintenance.safeParse({ compactEveryMs: 1000 }).error?.issues[0]?.message).toMatch(/at most every 10 seconds/);
    expect(LandMaintenance.safeParse({ retainLast: 0 }).success).toBe(false);
  });

  it('does nothing when turned off, or on a fresh table before any interval passed', () => {
    expect(dueMaintenance({ ...m, enabled: false }, {}, facts({ filesSinceCompact: 10_000, manifests: 10_000, snapshots: 10_000, oldestSnapshotMs: 0 }))).toEqual([]);
    expect(dueMaintenance(m, {}, facts({ filesSinceCompact: 50 }))).toEqual([]);
  });

  it('compacts on its interval when files came, sooner past the file count, never for fewer than two files', () => {
    expect(ops(dueMaintenance(m, { compact: ran('compact', HOUR) }, facts({ filesSinceCompact: 5 })))).toEqual(['compact']);
    expect(ops(dueMaintenance(m, { compact: ran('compact', HOUR) }, facts({ filesSinceCompact: 1 })))).toEqual([]);
    expect(ops(dueMaintenance(m, { compact: ran('compact', HOUR - 1) }, facts({ filesSinceCompact: 359 })))).toEqual([]);
    const due = dueMaintenance(m, { compact: ran('compact', MIN) }, facts({ filesSinceCompact: 360 }));
    expect(due).toEqual([{ operation: 'compact', why: '360 data files since the last compaction (compacts at 360)' }]);
    // Never ran: the interval counts from the job's start.
    expect(ops(dueMaintenance(m, {}, facts({ startedAtMs: now - HOUR, filesSinceCompact: 3 })))).toEqual(['compact']);
  });

  it('waits before retrying an operation that failed', () => {
    expect(ops(dueMaintenance(m, { compact: ran('compact', MIN, false) }, facts({ filesSinceCompact: 1000 })))).toEqual([]);
    expect(ops(dueMaintenance(m, { compact: ran('compact', RETRY_AFTER_FAILURE_MS, false) }, facts({ filesSinceCompact: 1000 })))).toEqual(['compact']);
  });

  it('expires on its interval only when snapshots beyond the kept ones are old enough', () => {
    const last = { expire: ran('expire', 30 * MIN) };
    expect(ops(dueMaintenance(m, last, facts({ snapshots: 500, oldestSnapshotMs: now - 2 * HOUR })))).toEqual(['expire']);
    expect(ops(dueMaintenance(m, last, facts({ snapshots: 500, oldestSnapshotMs: now - 30 * MIN })))).toEqual([]);
    expect(ops(dueMaintenance(m, last, facts({ snapshots: 100, oldestSnapshotMs: now - 2 * HOUR })))).toEqual([]);
    expect(ops(dueMaintenance(m, { expire: ran('expire', 29 * MIN) }, facts({ snapshots: 500, oldestSnapshotMs: now - 2 * HOUR })))).toEqual([]);
  });

  it('rewrites manifests past the limit, removes orphans daily, in the order compact, manifests, expire, orphans', () => {
    const last = { compact: ran('compact', 2 * HOUR), expire: ran('expire', HOUR), orphans: ran('orphans', 24 * HOUR) };
    expect(ops(dueMaintenance(m, last, facts({ filesSinceCompact: 3, manifests: 101, snapshots: 900, oldestSnapshotMs: now - 3 * HOUR })))).toEqual(['compact', 'rewrite-manifests', 'expire', 'orphans']);
    expect(ops(dueMaintenance(m, { orphans: ran('orphans', 23 * HOUR) }, facts({ manifests: 100 })))).toEqual([]);
  });

  it('counts data files added since the last compaction (Floe’s or another engine’s) and since the last run', () => {
    const snap = (id: number, summary: Record<string, string>, t = id * 1000): Snapshot => ({ snapshotId: BigInt(id), parentSnapshotId: id > 1 ? BigInt(id - 1) : null, sequenceNumber: BigInt(id), timestampMs: t, manifestList: '', summary: { operation: 'append', ...summary }, schemaId: 0 }) as unknown as Snapshot;
    const meta = (snaps: Snapshot[]) => ({ snapshots: snaps, currentSnapshotId: snaps.at(-1)!.snapshotId }) as unknown as TableMetadata;
    const add = (n: number) => ({ 'added-data-files': String(n) });
    const history = [snap(1, add(4)), snap(2, { ...add(2), 'floe.maintain': 'compact', operation: 'replace' }), snap(3, add(3)), snap(4, {}), snap(5, add(2))];
    expect(filesSinceCompaction(meta(history))).toBe(5);
    expect(filesSinceCompaction(meta(history), 4000)).toBe(2);
    expect(filesSinceCompaction(meta([snap(1, add(4)), snap(2, { ...add(1), 'deleted-data-files': '4', operation: 'replace' }), snap(3, add(6))]))).toBe(6);
    expect(filesSinceCompaction(meta([snap(1, add(4)), snap(2, add(1))]))).toBe(5);
  });
});
