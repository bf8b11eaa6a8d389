import type { maintainContract } from '../../../shared/rpc/maintain-contract';
import type { Handlers } from '../../../shared/rpc/procedure';
import type { LakeService } from '../lake/lake-service';
import { MaintainService } from './maintain-service';

/** The maintenance procedures, on the lake room's service (started on first use). */
export function maintainHandlers(lake: () => LakeService, dataDir: string): Handlers<typeof maintainContract> {
  const m = new MaintainService(lake, dataDir);
  return {
    'maintain.health': async ({ catalog, table }) => m.health(catalog, table),
    'maintain.compact': async ({ catalog, table, ...o }) => m.compact(catalog, table, o),
    'maintain.expire': async ({ catalog, table, ...o }) => m.expire(catalog, table, o),
    'maintain.orphans': async ({ catalog, table, ...o }) => m.orphans(catalog, table, o),
    'maintain.rewriteManifests': async ({ catalog, table, ...o }) => m.rewriteManifests(catalog, table, o),
  };
}
