import { MessageChannelMain, utilityProcess, type BrowserWindow, type UtilityProcess } from 'electron';
import type { SecretKey } from '../core/connections/key-source';

/** Runs the core off the main thread, in a utility process, and gives each window its own MessagePort to it. */
export class CoreProcess {
  private readonly child: UtilityProcess;
  readonly ready: Promise<void>;

  constructor(entry: string, dataDir: string, key: SecretKey) {
    this.child = utilityProcess.fork(entry, [], { serviceName: 'Floe core', stdio: 'inherit' });
    this.ready = new Promise((resolve) => {
      this.child.on('message', (m: { type?: string }) => m?.type === 'ready' && resolve());
    });
    this.child.postMessage({ type: 'init', dataDir, keyHex: key.key?.toString('hex') ?? null, keySource: key.source, keyAdvice: key.advice });
  }

  connect(window: BrowserWindow): void {
    const { port1, port2 } = new MessageChannelMain();
    this.child.postMessage({ type: 'connect' }, [port1]);
    const send = () => window.webContents.postMessage('floe:port', null, [port2]);
    if (window.webContents.isLoading()) window.webContents.once('did-finish-load', send);
    else send();
    window.once('closed', () => port2.close());
  }

  onExit(handler: (code: number) => void): void {
    this.child.on('exit', handler);
  }

  kill(): void {
    this.child.kill();
  }
}
