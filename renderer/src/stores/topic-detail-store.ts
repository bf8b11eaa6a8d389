import { create } from 'zustand';
import type { TopicDetail } from '../../../shared/model/topic-detail';
import { coreClient } from './core-store';

interface TopicDetailState {
  detail: TopicDetail | null;
  loading: boolean;
  error: string | null;
  load(profileId: string, topic: string): Promise<void>;
  /** Runs a change, then reloads; returns the error message, or null on success. */
  change(profileId: string, topic: string, action: () => Promise<unknown>): Promise<string | null>;
}

let inFlight: AbortController | null = null;

export const useTopicDetail = create<TopicDetailState>((set, get) => ({
  detail: null,
  loading: false,
  error: null,
  load: async (profileId, topic) => {
    inFlight?.abort();
    const abort = (inFlight = new AbortController());
    set((s) => ({ loading: true, error: null, detail: s.detail?.name === topic ? s.detail : null }));
    try {
      const detail = await coreClient().call('topics.describe', { profileId, topic }, { signal: abort.signal });
      if (!abort.signal.aborted) set({ detail, loading: false });
    } catch (e) {
      if (!abort.signal.aborted) set({ error: (e as Error).message, loading: false });
    }
  },
  change: async (profileId, topic, action) => {
    try {
      await action();
      await get().load(profileId, topic);
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  },
}));
