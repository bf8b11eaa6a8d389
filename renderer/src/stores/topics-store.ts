import { create } from 'zustand';
import type { TopicList } from '../../../shared/model/topic';
import { coreClient } from './core-store';

interface TopicsState {
  list: TopicList | null;
  profileId: string | null;
  includeInternal: boolean;
  loading: boolean;
  error: string | null;
  fetchedAt: Date | null;
  load(profileId: string): Promise<void>;
  setIncludeInternal(value: boolean): void;
}

let inFlight: AbortController | null = null;

export const useTopics = create<TopicsState>((set, get) => ({
  list: null,
  profileId: null,
  includeInternal: false,
  loading: false,
  error: null,
  fetchedAt: null,

  load: async (profileId) => {
    inFlight?.abort();
    const abort = (inFlight = new AbortController());
    const sameProfile = get().profileId === profileId;
    set({ loading: true, error: null, profileId, ...(sameProfile ? {} : { list: null }) });
    try {
      const list = await coreClient().call('topics.list', { profileId, includeInternal: get().includeInternal }, { signal: abort.signal });
      if (!abort.signal.aborted) set({ list, loading: false, fetchedAt: new Date() });
    } catch (e) {
      if (!abort.signal.aborted) set({ loading: false, error: (e as Error).message });
    }
  },

  setIncludeInternal: (includeInternal) => {
    set({ includeInternal });
    const id = get().profileId;
    if (id) void get().load(id);
  },
}));
