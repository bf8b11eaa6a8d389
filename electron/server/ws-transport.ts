import type { WebSocket } from 'ws';
import { decodeEnvelope, encodeEnvelope } from '../../shared/rpc/json-codec';
import { isEnvelope, type Envelope } from '../../shared/rpc/envelope';
import { Listeners, type Transport } from '../../shared/rpc/transport';

/** The server end of the WebSocket transport (the browser end is renderer/src/rpc/websocket-transport.ts). */
export function wsTransport(socket: WebSocket): Transport {
  const messages = new Listeners<Envelope>();
  const closed = new Listeners<void>();
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    let message: unknown;
    try {
      message = decodeEnvelope(data.toString());
    } catch {
      return; // not JSON: ignored, the client gets no answer for garbage
    }
    if (isEnvelope(message)) messages.emit(message);
  });
  socket.on('close', () => closed.emit());
  return {
    send: (m) => socket.readyState === socket.OPEN && socket.send(encodeEnvelope(m)),
    onMessage: (h) => messages.add(h),
    onClose: (h) => closed.add(h),
    close: () => socket.close(),
  };
}
