import { create } from 'zustand';
import type { SubjectList } from '../../../shared/model/schemas';
import { coreClient } from './core-store';

interface SchemasState {
  list: SubjectList | null;
  /** Whose list it is: a profile switch must not show the previous registry's subjects. */
  profileId: string | null;
  loading: boolean;
  error: string | null;
  showDeleted: boolean;
  /** Subject names per profile, for the pickers of the decoding bar and the produce dialog. */
  names: Record<string, string[]>;
  load(profileId: string): Promise<void>;
  setShowDeleted(on: boolean, profileId: string): void;
  loadNames(profileId: string): Promise<string[]>;
}

export const useSchemas = create<SchemasState>((set, get) => ({
  list: null,
  profileId: null,
  loading: false,
  error: null,
  showDeleted: false,
  names: {},
  load: async (profileId) => {
    set((s) => ({ loading: true, error: null, ...(s.profileId !== profileId ? { list: null, profileId } : {}) }));
    try {
      const list = await coreClient().call('schemas.list', { profileId, deleted: get().showDeleted });
      if (get().profileId === profileId) set({ list, loading: false });
    } catch (e) {
      set({ error: (e as Error).message, loading: false });
    }
  },
  setShowDeleted: (on, profileId) => {
    set({ showDeleted: on });
    void get().load(profileId);
  },
  loadNames: async (profileId) => {
    const { subjects } = await coreClient().call('schemas.subjectNames', { profileId });
    set((s) => ({ names: { ...s.names, [profileId]: subjects } }));
    return subjects;
  },
}));
