import { create } from 'zustand';

export const ROOMS = ['connections', 'topics'] as const;
export type Room = (typeof ROOMS)[number];
const PROFILE_KEY = 'floe.activeProfile';

interface NavState {
  room: Room;
  /** The profile the cluster rooms (topics, later groups, schemas…) work on. */
  activeProfileId: string | null;
  go(room: Room): void;
  setActiveProfile(id: string | null): void;
}

export const useNav = create<NavState>((set) => ({
  room: 'connections',
  activeProfileId: localStorage.getItem(PROFILE_KEY),
  go: (room) => set({ room }),
  setActiveProfile: (id) => {
    if (id) localStorage.setItem(PROFILE_KEY, id);
    else localStorage.removeItem(PROFILE_KEY);
    set({ activeProfileId: id });
  },
}));
