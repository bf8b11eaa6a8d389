import type { WebSocket } from 'ws';
import { decodeEnvelope, encodeEnvelope } from '../../shared/rpc/json-codec';
import { isEnvelope, type Envelope } from '../../shared/rpc/envelope';
import { Listeners, type Transport } from '../../shared/rpc/transport';

/** RFC 6455 1003: the endpoint cannot accept this kind of data. */
const UNACCEPTABLE_DATA = 1003;

/** The server end of the WebSocket transport (the browser end is renderer/src/rpc/websocket-transport.ts). */
export function wsTransport(socket: WebSocket): Transport {
  const messages = new Listeners<Envelope>();
  const closed = new Listeners<void>();
  socket.on('message', (data, isBinary) => {
    let message: unknown;
    try {
      message = isBinary ? undefined : decodeEnvelope(data.toString());
    } catch {
      message = undefined;
    }
    // No id to answer to: a frame that is not an envelope ends the connection, saying why.
    if (!isEnvelope(message)) return socket.close(UNACCEPTABLE_DATA, 'Floe RPC takes JSON text envelopes');
    messages.emit(message);
  });
  // A frame that breaks the protocol (invalid UTF-8, over maxPayload, unmasked…) makes ws close the connection
  // with the matching code (1007, 1009, 1002); the error it also emits would end the process if nobody listened.
  socket.on('error', () => undefined);
  socket.on('close', () => closed.emit());
  return {
    send: (m) => socket.readyState === socket.OPEN && socket.send(encodeEnvelope(m)),
    onMessage: (h) => messages.add(h),
    onClose: (h) => closed.add(h),
    close: () => socket.close(),
  };
}
