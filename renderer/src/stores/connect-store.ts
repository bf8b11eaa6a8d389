import { create } from 'zustand';
import type { ConnectorDetail, ConnectOverview } from '../../../shared/model/connect';
import { coreClient } from './core-store';

interface ConnectState {
  /** The profile the state below belongs to. */
  profileId: string | null;
  /** The profile's Connect cluster shown (its id); null: the profile's first. */
  cluster: string | null;
  overview: ConnectOverview | null;
  error: string | null;
  loading: boolean;
  /** The connector open in the room and its detail. */
  connector: string | null;
  detail: ConnectorDetail | null;
  detailError: string | null;
  /** The New connector page is open. */
  creating: boolean;
  startNew(): void;
  closeNew(): void;
  setCluster(cluster: string | null): void;
  load(profileId: string): Promise<void>;
  open(profileId: string, name: string | null): Promise<void>;
}

/** The Connect room: one Connect cluster's connectors, and the connector open. */
export const useConnect = create<ConnectState>((set, get) => ({
  profileId: null,
  cluster: null,
  overview: null,
  error: null,
  loading: false,
  connector: null,
  detail: null,
  detailError: null,
  creating: false,
  startNew: () => set({ creating: true, connector: null, detail: null }),
  closeNew: () => set({ creating: false }),
  setCluster: (cluster) => set({ cluster, overview: null, connector: null, detail: null, creating: false }),
  load: async (profileId) => {
    if (get().profileId !== profileId) set({ profileId, cluster: null, overview: null, connector: null, detail: null, creating: false });
    set({ loading: true, error: null });
    const cluster = get().cluster;
    try {
      const overview = await coreClient().call('connect.overview', { profileId, ...(cluster ? { cluster } : {}) });
      if (get().cluster === cluster && get().profileId === profileId) set({ overview, loading: false });
    } catch (e) {
      set({ error: (e as Error).message, loading: false, overview: null });
    }
  },
  open: async (profileId, name) => {
    if (name !== get().connector) set({ connector: name, detail: null, detailError: null });
    if (!name) return;
    const cluster = get().cluster;
    try {
      const detail = await coreClient().call('connect.connector', { profileId, name, ...(cluster ? { cluster } : {}) });
      if (get().connector === name) set({ detail, detailError: null });
    } catch (e) {
      if (get().connector === name) set({ detailError: (e as Error).message });
    }
  },
}));

/** The target of a connect.* call for the room's profile and cluster. */
export function connectTarget(profileId: string): { profileId: string; cluster?: string } {
  const cluster = useConnect.getState().cluster;
  return { profileId, ...(cluster ? { cluster } : {}) };
}
