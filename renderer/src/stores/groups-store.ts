import { create } from 'zustand';
import type { GroupDetail, GroupSummary } from '../../../shared/model/groups';
import { coreClient } from './core-store';

/** Lag samples kept per group while its page is open: one every poll, the last ten minutes at 5 s. */
const MAX_SAMPLES = 120;

interface GroupsState {
  groups: GroupSummary[] | null;
  loading: boolean;
  error: string | null;
  detail: GroupDetail | null;
  detailError: string | null;
  /** Committed lag over time for the open group, oldest first. */
  lagHistory: { at: number; lag: number }[];
  list(profileId: string): Promise<void>;
  describe(profileId: string, groupId: string): Promise<void>;
}

export const useGroups = create<GroupsState>((set, get) => ({
  groups: null,
  loading: false,
  error: null,
  detail: null,
  detailError: null,
  lagHistory: [],
  list: async (profileId) => {
    set({ loading: true, error: null });
    try {
      const { groups } = await coreClient().call('groups.list', { profileId });
      set({ groups, loading: false });
    } catch (e) {
      set({ error: (e as Error).message, loading: false });
    }
  },
  describe: async (profileId, groupId) => {
    try {
      const detail = await coreClient().call('groups.describe', { profileId, groupId });
      const lag = detail.totalLag ?? 0;
      const history = get().detail?.groupId === groupId ? get().lagHistory : [];
      set({ detail, detailError: null, lagHistory: [...history, { at: Date.now(), lag }].slice(-MAX_SAMPLES) });
    } catch (e) {
      set({ detailError: (e as Error).message });
    }
  },
}));
