import { create } from 'zustand';
import type { CompactRequest, ExpireRequest, MaintainOperation, MaintainReport, OrphansRequest, RewriteManifestsRequest, TableHealth } from '../../../shared/model/maintain';
import { coreClient } from './core-store';
import { useLake } from './lake-store';

/** What each maintenance operation takes (dry run set by the caller). */
export interface MaintainRequests {
  compact: CompactRequest;
  expire: ExpireRequest;
  orphans: OrphansRequest;
  'rewrite-manifests': RewriteManifestsRequest;
}

interface MaintainState {
  /** The open table's health, keyed by catalog and table so another table's figures never show. */
  healthOf: string | null;
  health: TableHealth | null;
  healthError: string | null;
  loadingHealth: boolean;
  loadHealth(): Promise<void>;
  /** Runs (or dry-runs) one operation on the open table; after a real run the health and the table page are read again. */
  run<Op extends MaintainOperation>(operation: Op, request: MaintainRequests[Op]): Promise<MaintainReport>;
}

function openTarget() {
  const lake = useLake.getState();
  const open = lake.open;
  if (!open) throw new Error('No table open');
  return { key: `${open.catalogId}:${[...open.id.namespace, open.id.name].join('.')}`, on: { catalog: lake.specOf(open.catalogId), table: open.id } };
}

function call(operation: MaintainOperation, on: ReturnType<typeof openTarget>['on'], request: MaintainRequests[MaintainOperation]): Promise<MaintainReport> {
  const client = coreClient();
  switch (operation) {
    case 'compact':
      return client.call('maintain.compact', { ...on, ...(request as CompactRequest) });
    case 'expire':
      return client.call('maintain.expire', { ...on, ...(request as ExpireRequest) });
    case 'orphans':
      return client.call('maintain.orphans', { ...on, ...(request as OrphansRequest) });
    case 'rewrite-manifests':
      return client.call('maintain.rewriteManifests', { ...on, ...(request as RewriteManifestsRequest) });
  }
}

/** Table maintenance on the table open in the Tables room: its health figures, and dry runs and runs of each operation. */
export const useMaintain = create<MaintainState>((set, get) => ({
  healthOf: null,
  health: null,
  healthError: null,
  loadingHealth: false,

  loadHealth: async () => {
    const { key, on } = openTarget();
    set((s) => ({ loadingHealth: true, healthError: null, ...(s.healthOf === key ? {} : { healthOf: key, health: null }) }));
    try {
      const health = await coreClient().call('maintain.health', on);
      set((s) => (s.healthOf === key ? { health, loadingHealth: false } : s));
    } catch (e) {
      set((s) => (s.healthOf === key ? { healthError: (e as Error).message, loadingHealth: false } : s));
    }
  },

  run: async (operation, request) => {
    const { on } = openTarget();
    const report = await call(operation, on, request);
    if (!report.dryRun) await Promise.all([get().loadHealth(), useLake.getState().refreshTable().catch(() => undefined)]);
    return report;
  },
}));
