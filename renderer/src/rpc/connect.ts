import { RpcClient } from '../../../shared/rpc/client';
import type { FloeContract } from '../../../shared/rpc/contract';
import { waitForElectronPort } from './port-transport';
import { connectWebSocket } from './websocket-transport';

export type FloeClient = RpcClient<FloeContract>;

/**
 * file:// means the Electron window; http(s) means browser mode, where the server set the token
 * cookie when the page was opened with ?token=…; the token is then dropped from the address bar.
 */
export async function connectToCore(): Promise<FloeClient> {
  if (location.protocol === 'file:') return new RpcClient<FloeContract>(await waitForElectronPort());
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token) {
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rpc`;
  return new RpcClient<FloeContract>(await connectWebSocket(wsUrl));
}
