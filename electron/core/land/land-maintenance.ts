import { mkdirSync, rmSync } from 'node:fs';
import type { LandMaintenance, LandMaintenanceOperation, LandMaintenanceRun, LandMaintenanceStatus } from '../../../shared/model/land';
import type { TableId } from '../../../shared/model/lake';
import type { MaintainReport } from '../../../shared/model/maintain';
import type { Catalog } from '../lake/catalog/catalog';
import type { FileIO } from '../lake/io/file-io';
import { parentManifests } from '../lake/writer/snapshot-commit';
import { compactTable } from '../maintain/compact';
import { expireSnapshots } from '../maintain/expire';
import { currentSnapshot, type MaintainTable } from '../maintain/maintain-table';
import { removeOrphans } from '../maintain/orphans';
import { rewriteManifests } from '../maintain/rewrite-manifests';
import { dueMaintenance, filesSinceCompaction } from './maintenance-schedule';

/** How often (at most) the job looks at its table to see whether maintenance is due. */
export const CHECK_EVERY_MS = 10_000;

/**
 * A landing job's own table maintenance, run by its runner between commits (never beside its own commit, so the two
 * never race each other; other writers are handled by the operations' own conflict checks). A failed operation is
 * recorded and the landing goes on.
 */
export class LandMaintainer {
  readonly status: LandMaintenanceStatus;
  private lastCheck = 0;
  private readonly startedAtMs = Date.now();

  constructor(
    private readonly schedule: LandMaintenance,
    previous: LandMaintenanceStatus['last'] | undefined,
    private readonly stagingDir: string,
  ) {
    this.status = { enabled: schedule.enabled, last: { ...(previous ?? {}) } };
  }

  /** Runs what is due on the table (when the last look is CHECK_EVERY_MS old); `report` is called after each operation. */
  async maybeRun(catalog: Catalog, io: FileIO, id: TableId, report: () => void, now = Date.now()): Promise<LandMaintenanceRun[]> {
    if (!this.schedule.enabled || now - this.lastCheck < CHECK_EVERY_MS) return [];
    this.lastCheck = now;
    const table = await catalog.loadTable(id);
    const snapshot = currentSnapshot(table);
    if (!snapshot) return [];
    const meta = table.metadata;
    const due = dueMaintenance(this.schedule, this.status.last, {
      now,
      startedAtMs: this.startedAtMs,
      filesSinceCompact: filesSinceCompaction(meta, this.status.last.compact?.atMs ?? 0),
      snapshots: meta.snapshots.length,
      oldestSnapshotMs: meta.snapshots.reduce<number | null>((m, s) => (m === null || s.timestampMs < m ? s.timestampMs : m), null),
      manifests: (await parentManifests(io, snapshot)).length,
    });
    const runs: LandMaintenanceRun[] = [];
    for (const { operation, why } of due) {
      const started = Date.now();
      mkdirSync(this.stagingDir, { recursive: true });
      let run: LandMaintenanceRun;
      try {
        const done = await this.run(operation, { catalog, io, id, stagingDir: this.stagingDir });
        run = { operation, atMs: started, durationMs: Date.now() - started, ok: true, why, message: done.message };
      } catch (e) {
        run = { operation, atMs: started, durationMs: Date.now() - started, ok: false, why, message: (e as Error).message };
      } finally {
        rmSync(this.stagingDir, { recursive: true, force: true });
      }
      this.status.last[operation] = run;
      runs.push(run);
      report();
    }
    return runs;
  }

  private run(operation: LandMaintenanceOperation, t: MaintainTable): Promise<MaintainReport> {
    const m = this.schedule;
    switch (operation) {
      case 'compact':
        return compactTable(t, m.targetFileBytes ? { targetFileBytes: m.targetFileBytes } : {});
      case 'rewrite-manifests':
        return rewriteManifests(t, { entriesPerManifest: 100_000 });
      case 'expire':
        return expireSnapshots(t, { olderThanMs: m.expireOlderThanMs, retainLast: m.retainLast });
      case 'orphans':
        return removeOrphans(t, { olderThanMs: m.orphansOlderThanMs });
    }
  }
}
