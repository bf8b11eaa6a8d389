import { z } from 'zod';
import { CompactInput, ExpireInput, OrphansInput, RewriteManifestsInput, type MaintainReport, type TableHealth } from '../model/maintain';
import { CatalogInput, TableInput } from './lake-contract';
import { call } from './procedure';

const On = { catalog: CatalogInput, table: TableInput };

/** Table maintenance: health figures, compaction, snapshot expiry, orphan removal, manifest rewrite (each with a dry run). */
export const maintainContract = {
  'maintain.health': call(z.object(On)).returns<TableHealth>(),
  'maintain.compact': call(CompactInput.extend(On)).returns<MaintainReport>(),
  'maintain.expire': call(ExpireInput.extend(On)).returns<MaintainReport>(),
  'maintain.orphans': call(OrphansInput.extend(On)).returns<MaintainReport>(),
  'maintain.rewriteManifests': call(RewriteManifestsInput.extend(On)).returns<MaintainReport>(),
};
