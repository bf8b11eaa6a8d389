import { create } from 'zustand';
import type { AppInfo } from '../../../shared/model/app';
import type { FloeClient } from '../rpc/connect';

interface CoreState {
  client: FloeClient | null;
  info: AppInfo | null;
  error: string | null;
  /** The transport closed after connecting (browser-mode server stopped, core process died). */
  closed: boolean;
  setClient(client: FloeClient, info: AppInfo): void;
  setError(error: string): void;
  setClosed(): void;
}

/** The connection to the core, shared by every feature store. */
export const useCore = create<CoreState>((set) => ({
  client: null,
  info: null,
  error: null,
  closed: false,
  setClient: (client, info) => set({ client, info, error: null }),
  setError: (error) => set({ error }),
  setClosed: () => set({ closed: true }),
}));

/** For stores: the client, or a clear error if the app is not connected yet. */
export function coreClient(): FloeClient {
  const client = useCore.getState().client;
  if (!client) throw new Error('Not connected to the Floe core');
  return client;
}
