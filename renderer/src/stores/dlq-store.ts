import { create } from 'zustand';
import type { DlqList, DlqRecord, DlqTriage } from '../../../shared/model/dlq';
import type { ReplayJob } from '../../../shared/model/replay';
import { coreClient } from './core-store';

interface DlqState {
  list: DlqList | null;
  listError: string | null;
  loadingList: boolean;
  /** The DLQ open in the room, its triage, the group drilled into and that group's records. */
  topic: string | null;
  triage: DlqTriage | null;
  group: string | null;
  records: DlqRecord[] | null;
  error: string | null;
  replays: ReplayJob[];
  loadList(profileId: string): Promise<void>;
  open(profileId: string, topic: string | null): Promise<void>;
  openGroup(profileId: string, group: string | null): Promise<void>;
  loadReplays(): Promise<void>;
}

/** The dead-letters room: DLQs of the cluster, one DLQ's causes, a cause's records, the replay jobs. */
export const useDlq = create<DlqState>((set, get) => ({
  list: null,
  listError: null,
  loadingList: false,
  topic: null,
  triage: null,
  group: null,
  records: null,
  error: null,
  replays: [],
  loadList: async (profileId) => {
    set({ loadingList: true, listError: null });
    try {
      set({ list: await coreClient().call('dlq.list', { profileId }), loadingList: false });
    } catch (e) {
      set({ listError: (e as Error).message, loadingList: false });
    }
  },
  open: async (profileId, topic) => {
    set({ topic, triage: null, group: null, records: null, error: null });
    if (!topic) return;
    try {
      const triage = await coreClient().stream('dlq.groups', { profileId, topic }, () => undefined);
      if (get().topic === topic) set({ triage });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  openGroup: async (profileId, group) => {
    const topic = get().topic;
    set({ group, records: null, error: null });
    if (!group || !topic) return;
    try {
      const page = await coreClient().call('dlq.records', { profileId, topic, selection: { groups: [group] }, limit: 200 });
      if (get().group === group) set({ records: page.records });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  loadReplays: async () => {
    try {
      set({ replays: (await coreClient().call('replay.list', {})).jobs });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
}));
