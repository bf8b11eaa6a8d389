import { decodeEnvelope, encodeEnvelope } from '../../../shared/rpc/json-codec';
import { isEnvelope, type Envelope } from '../../../shared/rpc/envelope';
import { Listeners, type Transport } from '../../../shared/rpc/transport';

/** Browser mode: the contract over a WebSocket to `floe serve` (same origin; the token cookie rides along). */
export function connectWebSocket(url: string): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const messages = new Listeners<Envelope>();
    const closed = new Listeners<void>();
    const outbox: string[] = [];
    socket.addEventListener('message', (e) => {
      if (typeof e.data !== 'string') return;
      const message = decodeEnvelope(e.data);
      if (isEnvelope(message)) messages.emit(message);
    });
    socket.addEventListener('open', () => {
      for (const m of outbox.splice(0)) socket.send(m);
      resolve(transport);
    });
    socket.addEventListener('close', () => {
      closed.emit();
      reject(new Error('Could not connect to the Floe server (is `floe serve` still running, and is the token right?)'));
    });
    const transport: Transport = {
      send: (m) => {
        const text = encodeEnvelope(m);
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
        else outbox.push(text);
      },
      onMessage: (h) => messages.add(h),
      onClose: (h) => closed.add(h),
      close: () => socket.close(),
    };
  });
}
