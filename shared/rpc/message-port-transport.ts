import { isEnvelope, type Envelope } from './envelope';
import { Listeners, type Transport } from './transport';

/** The least a port must offer: DOM MessagePort in the renderer, Electron's MessagePortMain in the core process. */
export interface PortAdapter {
  post(message: Envelope): void;
  listen(handler: (data: unknown) => void): void;
  onClose(handler: () => void): void;
  close(): void;
}

/** The Electron transport: structured clone carries BigInt and bytes as they are. */
export function messagePortTransport(port: PortAdapter): Transport {
  const messages = new Listeners<Envelope>();
  const closed = new Listeners<void>();
  port.listen((data) => isEnvelope(data) && messages.emit(data));
  port.onClose(() => closed.emit());
  return {
    send: (m) => port.post(m),
    onMessage: (h) => messages.add(h),
    onClose: (h) => closed.add(h),
    close: () => {
      port.close();
      closed.emit();
    },
  };
}
