import { createMemoryPair } from '../../shared/rpc/memory-transport';
import { RpcClient } from '../../shared/rpc/client';
import type { FloeContract } from '../../shared/rpc/contract';
import { createHost, type Host } from '../core/host';
import { resolveSecretKey } from '../core/connections/key-source';
import { defaultDataDir } from '../core/paths';
import { FLOE_VERSION } from '../core/version';
import type { ResolvedProfile } from '../core/connections/profile-service';
import type { AppInfo } from '../../shared/model/app';

export interface CoreSession {
  host: Host;
  client: RpcClient<FloeContract>;
  close(): Promise<void>;
}

/**
 * The core in this process, reached through the same contract (and input validation) as the UI:
 * a script does exactly what a click does.
 */
export function openCore(mode: AppInfo['mode'], transientProfiles: ResolvedProfile[] = []): CoreSession {
  const dataDir = defaultDataDir();
  const host = createHost({ dataDir, secretKey: resolveSecretKey(dataDir), mode, version: FLOE_VERSION, transientProfiles });
  const [serverEnd, clientEnd] = createMemoryPair();
  const stop = host.serve(serverEnd);
  const client = new RpcClient<FloeContract>(clientEnd);
  return {
    host,
    client,
    close: async () => {
      stop();
      clientEnd.close();
      await host.dispose();
    },
  };
}
