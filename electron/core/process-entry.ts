// Entry of the core when Electron runs it as a utility process. It receives its data folder and the
// secret-store key (unwrapped by safeStorage in main) once, then one MessagePort per window.
// No `electron` import: process.parentPort and the ports are handed in by the runtime.
import './util/quiet-warnings';
import { messagePortTransport } from '../../shared/rpc/message-port-transport';
import type { Envelope } from '../../shared/rpc/envelope';
import { createHost, type Host } from './host';
import { keepServingOnUncaught, stopOnSignal } from './util/process-lifetime';
import { FLOE_VERSION } from './version';

interface MainPort {
  on(event: 'message', handler: (e: { data: unknown }) => void): void;
  on(event: 'close', handler: () => void): void;
  postMessage(message: Envelope): void;
  start(): void;
  close(): void;
}

interface ParentPort {
  on(event: 'message', handler: (e: { data: unknown; ports: MainPort[] }) => void): void;
  postMessage(message: unknown): void;
}

type InitMessage = { type: 'init'; dataDir: string; keyHex: string | null; keySource: string; keyAdvice?: string };

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('core-process must run as an Electron utility process');

const log = (line: string) => console.error(`[floe core] ${line}`);
let host: Host | null = null;
parentPort.on('message', ({ data, ports }) => {
  const message = data as InitMessage | { type: 'connect' };
  if (message.type === 'init') {
    host = createHost({
      dataDir: message.dataDir,
      secretKey: { key: message.keyHex ? Buffer.from(message.keyHex, 'hex') : null, source: message.keySource, advice: message.keyAdvice },
      mode: 'desktop',
      version: FLOE_VERSION,
    });
    // Landing jobs that were running when the app last quit run again; replays cut off by a quit or a crash go on.
    host.resumeJobs(log).catch((e: unknown) => log(`could not resume jobs: ${(e as Error).message}`));
    parentPort.postMessage({ type: 'ready' });
  } else if (message.type === 'connect' && host && ports[0]) {
    const port = ports[0];
    host.serve(
      messagePortTransport({
        post: (m) => port.postMessage(m),
        listen: (h) => port.on('message', (e) => h(e.data)),
        onClose: (h) => port.on('close', h),
        close: () => port.close(),
      }),
      { onInternalError: (method, e) => console.error(`[floe core] ${method} failed:`, e) },
    );
    port.start();
  }
});

// Main stops this process with SIGTERM (UtilityProcess.kill()): the same dispose as browser mode and the CLI,
// then exit (the parent port would keep the process alive).
keepServingOnUncaught(log);
void stopOnSignal(async () => void (await host?.dispose()), log).then(() => process.exit(0));
