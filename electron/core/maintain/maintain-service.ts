import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyCatalogSpec, TableId } from '../../../shared/model/lake';
import { CompactInput, ExpireInput, OrphansInput, RewriteManifestsInput, type CompactRequest, type ExpireRequest, type MaintainReport, type OrphansRequest, type RewriteManifestsRequest, type TableHealth } from '../../../shared/model/maintain';
import { ReadOnlyCatalog, readOnly } from '../lake/catalog/catalog';
import type { LakeService } from '../lake/lake-service';
import { compactTable } from './compact';
import { expireSnapshots } from './expire';
import { tableHealth } from './health';
import type { MaintainTable } from './maintain-table';
import { removeOrphans } from './orphans';
import { rewriteManifests } from './rewrite-manifests';

/** Table maintenance for the tables of any catalog the lake service opens (compaction, expiry, orphans, manifests). */
export class MaintainService {
  constructor(
    private readonly lake: () => LakeService,
    private readonly dataDir: string,
  ) {}

  /**
   * Runs `op` with the table and a staging folder of its own, removed afterwards. Only a dry run may run on a catalog
   * Floe opens read-only (a metadata file, a REST catalog): a real run would write or delete files of a table whose
   * commits Floe cannot make — and one metadata file may not know every file a newer snapshot references.
   */
  private async with<T>(spec: AnyCatalogSpec, id: TableId, dryRun: boolean, op: (t: MaintainTable) => Promise<T>): Promise<T> {
    const lake = this.lake();
    const catalog = await lake.catalog(spec);
    await catalog.loadTable(id); // a table that is not there says so before anything else
    if (!dryRun && catalog instanceof ReadOnlyCatalog) throw readOnly('run maintenance, which changes the table (Floe commits only to SQL catalogs); a dry run still says what it would do', catalog.description);
    const stagingDir = join(this.dataDir, 'maintain', 'staging', randomUUID());
    mkdirSync(stagingDir, { recursive: true });
    try {
      return await op({ catalog, io: lake.stores.get(spec.objectStore).io, id, stagingDir });
    } finally {
      rmSync(stagingDir, { recursive: true, force: true });
    }
  }

  health(spec: AnyCatalogSpec, id: TableId): Promise<TableHealth> {
    return this.with(spec, id, true, async (t) => tableHealth(t.io, await t.catalog.loadTable(id)));
  }

  async compact(spec: AnyCatalogSpec, id: TableId, input: CompactRequest = {}): Promise<MaintainReport> {
    const o = CompactInput.parse(input);
    return this.with(spec, id, o.dryRun, (t) => compactTable(t, o));
  }

  async expire(spec: AnyCatalogSpec, id: TableId, input: ExpireRequest = {}): Promise<MaintainReport> {
    const o = ExpireInput.parse(input);
    return this.with(spec, id, o.dryRun, (t) => expireSnapshots(t, o));
  }

  async orphans(spec: AnyCatalogSpec, id: TableId, input: OrphansRequest = {}): Promise<MaintainReport> {
    const o = OrphansInput.parse(input);
    return this.with(spec, id, o.dryRun, (t) => removeOrphans(t, o));
  }

  async rewriteManifests(spec: AnyCatalogSpec, id: TableId, input: RewriteManifestsRequest = {}): Promise<MaintainReport> {
    const o = RewriteManifestsInput.parse(input);
    return this.with(spec, id, o.dryRun, (t) => rewriteManifests(t, o));
  }
}
