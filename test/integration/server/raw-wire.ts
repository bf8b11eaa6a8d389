// Bytes on a socket to a local server, below any client library: what a hostile client can send.
import { connect } from 'node:net';

const WIRE_TIMEOUT_MS = 5_000;

/** Sends raw request bytes; resolves with the response's status code, or null if the server closed without one. */
export function rawRequest(port: number, bytes: Buffer): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let head = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${WIRE_TIMEOUT_MS} ms`));
    }, WIRE_TIMEOUT_MS);
    socket.on('data', (d: Buffer) => {
      head += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (m || head.length > 12) {
        clearTimeout(timer);
        socket.destroy();
        resolve(m ? Number(m[1]) : null);
      }
    });
    socket.on('error', () => undefined); // a reset after the answer is fine; no answer is reported on close
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(null);
    });
    socket.write(bytes);
  });
}

/**
 * Opens the RPC WebSocket by hand (token in the query), sends `frame` and resolves with the close code the
 * server answers with (null if it closed the connection without a close frame).
 */
export function rawFrame(port: number, token: string, frame: Buffer): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close frame within ${WIRE_TIMEOUT_MS} ms`));
    }, WIRE_TIMEOUT_MS);
    const finish = (code: number | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(code);
    };
    socket.on('data', (d: Buffer) => {
      buffer = Buffer.concat([buffer, d]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        socket.write(frame);
      }
      // The server's first frame after a protocol error is its close frame: 0x88, length, 2-byte code, reason.
      if (buffer.length >= 2 && buffer[0] === 0x88) {
        if ((buffer[1]! & 0x7f) < 2) return finish(null);
        if (buffer.length >= 4) return finish(buffer.readUInt16BE(2));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => finish(null));
    socket.write(
      [
        `GET /rpc?token=${encodeURIComponent(token)} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        '',
        '',
      ].join('\r\n'),
    );
  });
}
