import { messagePortTransport } from '../../../shared/rpc/message-port-transport';
import type { Transport } from '../../../shared/rpc/transport';

/** Desktop: the preload posts one MessagePort (message "floe:port") once the page has loaded. */
export function waitForElectronPort(timeoutMs = 10_000): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The desktop shell did not hand over a connection to the core')), timeoutMs);
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window || event.data !== 'floe:port' || !event.ports[0]) return;
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      const port = event.ports[0];
      resolve(
        messagePortTransport({
          post: (m) => port.postMessage(m),
          listen: (h) => (port.onmessage = (e) => h(e.data)),
          onClose: (h) => port.addEventListener('close', h),
          close: () => port.close(),
        }),
      );
    };
    window.addEventListener('message', onMessage);
  });
}
