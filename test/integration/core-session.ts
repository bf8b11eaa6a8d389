import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { RpcClient } from '../../shared/rpc/client';
import type { FloeContract } from '../../shared/rpc/contract';
import { createMemoryPair } from '../../shared/rpc/memory-transport';
import type { Transport } from '../../shared/rpc/transport';
import { createHost, type Host } from '../../electron/core/host';

/** A core with a fresh data folder, reached through the contract as the UI reaches it (`wrap` can watch the client's end). */
export function startCore(labHome: string, wrap: (clientEnd: Transport) => Transport = (t) => t): { host: Host; client: RpcClient<FloeContract>; dataDir: string; secretKey: Buffer; close(): Promise<void> } {
  const dataDir = mkdtempSync(join(tmpdir(), 'floe-it-'));
  const secretKey = randomBytes(32);
  const host = createHost({ dataDir, secretKey: { key: secretKey, source: 'test' }, mode: 'test', version: 'test', labHome });
  const [serverEnd, clientEnd] = createMemoryPair();
  const stop = host.serve(serverEnd);
  return {
    host,
    dataDir,
    secretKey,
    client: new RpcClient<FloeContract>(wrap(clientEnd)),
    close: async () => {
      stop();
      await host.dispose();
    },
  };
}
