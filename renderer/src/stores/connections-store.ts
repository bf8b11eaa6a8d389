import { create } from 'zustand';
import type { ConnectionTestEvent, ConnectionTestReport } from '../../../shared/model/connection-test';
import type { ProfileDraft, ProfileView } from '../../../shared/model/profile';
import { coreClient } from './core-store';
import { useNav } from './nav-store';

type Part = ConnectionTestEvent['part'];

interface TestState {
  running: Part[];
  report: ConnectionTestReport | null;
  error: string | null;
}

interface ConnectionsState {
  profiles: ProfileView[];
  problems: string[];
  loading: boolean;
  error: string | null;
  /** The profile open in the editor: an id, 'new', or null. */
  selected: string | null;
  test: TestState;
  load(): Promise<void>;
  select(id: string | null): void;
  save(draft: ProfileDraft): Promise<ProfileView>;
  remove(id: string): Promise<void>;
  duplicate(id: string): Promise<void>;
  runTest(input: { id: string } | { draft: ProfileDraft }): Promise<void>;
}

const IDLE_TEST: TestState = { running: [], report: null, error: null };
let testAbort: AbortController | null = null;

export const useConnections = create<ConnectionsState>((set, get) => ({
  profiles: [],
  problems: [],
  loading: false,
  error: null,
  selected: null,
  test: IDLE_TEST,

  load: async () => {
    set({ loading: true, error: null });
    try {
      const { profiles, problems } = await coreClient().call('connections.list', {});
      set({ profiles, problems, loading: false });
      const nav = useNav.getState();
      if (!profiles.some((p) => p.id === nav.activeProfileId)) nav.setActiveProfile(profiles[0]?.id ?? null);
    } catch (e) {
      set({ loading: false, error: (e as Error).message });
    }
  },

  select: (id) => {
    testAbort?.abort();
    set({ selected: id, test: IDLE_TEST });
  },

  save: async (draft) => {
    const saved = await coreClient().call('connections.save', draft);
    await get().load();
    set({ selected: saved.id });
    if (!useNav.getState().activeProfileId) useNav.getState().setActiveProfile(saved.id);
    return saved;
  },

  remove: async (id) => {
    await coreClient().call('connections.delete', { id });
    if (useNav.getState().activeProfileId === id) useNav.getState().setActiveProfile(null);
    set({ selected: null, test: IDLE_TEST });
    await get().load();
  },

  duplicate: async (id) => {
    const copy = await coreClient().call('connections.duplicate', { id });
    await get().load();
    set({ selected: copy.id, test: IDLE_TEST });
  },

  runTest: async (input) => {
    testAbort?.abort();
    const abort = (testAbort = new AbortController());
    set({ test: { running: [], report: null, error: null } });
    try {
      const report = await coreClient().stream(
        'connections.test',
        input,
        (e) => {
          const running = get().test.running.filter((p) => p !== e.part);
          set({ test: { ...get().test, running: e.state === 'running' ? [...running, e.part] : running } });
        },
        { signal: abort.signal },
      );
      if (!abort.signal.aborted) set({ test: { running: [], report, error: null } });
    } catch (e) {
      if (!abort.signal.aborted) set({ test: { running: [], report: null, error: (e as Error).message } });
    }
  },
}));
