import { create } from 'zustand';

export const ROOMS = ['connections', 'topics', 'groups', 'schemas', 'tables', 'sql', 'pipelines', 'dlq', 'connect'] as const;
export type Room = (typeof ROOMS)[number];
const PROFILE_KEY = 'floe.activeProfile';

interface NavState {
  room: Room;
  /** The profile the cluster rooms (topics, groups, later schemas…) work on. */
  activeProfileId: string | null;
  /** The topic open in the topics room; null shows the list. */
  topic: string | null;
  /** A record to show when the topic's messages open (a dead letter's source), taken once shown. */
  record: { topic: string; partition: number; offset: number } | null;
  /** The group open in the groups room; null shows the list. */
  group: string | null;
  /** The subject open in the schemas room; null shows the list. */
  subject: string | null;
  /** The landing job open in the pipelines room; null shows the list. */
  pipeline: string | null;
  go(room: Room): void;
  setActiveProfile(id: string | null): void;
  openTopic(name: string | null): void;
  openRecord(topic: string, partition: number, offset: number): void;
  takeRecord(topic: string): { partition: number; offset: number } | null;
  openGroup(id: string | null): void;
  openSubject(subject: string | null): void;
  openPipeline(id: string | null): void;
}

export const useNav = create<NavState>((set, get) => ({
  room: 'connections',
  activeProfileId: localStorage.getItem(PROFILE_KEY),
  topic: null,
  record: null,
  group: null,
  subject: null,
  pipeline: null,
  go: (room) => set({ room }),
  setActiveProfile: (id) => {
    if (id) localStorage.setItem(PROFILE_KEY, id);
    else localStorage.removeItem(PROFILE_KEY);
    set({ activeProfileId: id, topic: null, group: null, subject: null });
  },
  openTopic: (topic) => set({ room: 'topics', topic, record: null }),
  openRecord: (topic, partition, offset) => set({ room: 'topics', topic, record: { topic, partition, offset } }),
  takeRecord: (topic) => {
    const record = get().record;
    if (record?.topic !== topic) return null;
    set({ record: null });
    return { partition: record.partition, offset: record.offset };
  },
  openGroup: (group) => set({ room: 'groups', group }),
  openSubject: (subject) => set({ room: 'schemas', subject }),
  openPipeline: (pipeline) => set({ room: 'pipelines', pipeline }),
}));
