import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { Host } from '../core/host';
import { checkRequest, TOKEN_COOKIE } from './request-guard';
import { serveStatic } from './static-files';
import { wsTransport } from './ws-transport';

export interface BrowserServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // frame-ancestors only works as a header; the rest of the policy is in index.html for the desktop app too.
  'Content-Security-Policy': "frame-ancestors 'none'",
};

const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** Browser mode: the built renderer and the contract over WebSocket, on 127.0.0.1 only, behind a per-launch token. */
export async function serveBrowserMode(host: Host, options: { rendererDir: string; port?: number; token?: string }): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const verdict = checkRequest(req, port, token);
    if (!verdict.ok) {
      res.writeHead(verdict.status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end(verdict.reason);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS).end();
      return;
    }
    const headers: Record<string, string> = { ...SECURITY_HEADERS };
    if (verdict.fromQuery) headers['Set-Cookie'] = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    serveStatic(options.rendererDir, verdict.url.pathname, res, headers);
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = checkRequest(req, port, token);
    if (!verdict.ok || verdict.url.pathname !== '/rpc') {
      refuseUpgrade(socket, verdict.ok ? 404 : verdict.status, verdict.ok ? 'Not Found' : verdict.reason);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      host.serve(wsTransport(ws), { onInternalError: (method, e) => console.error(`[floe] ${method} failed:`, e) });
    });
  };

  // Every entry point catches what it throws: one malformed request must never end the server.
  const server: Server = createServer((req, res) => {
    try {
      answer(req, res);
    } catch (e) {
      console.error(`[floe] request ${JSON.stringify(req.url)} failed:`, e);
      if (!res.headersSent) res.writeHead(500, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('Internal error');
      else res.destroy();
    }
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the raw socket over without its own 'error' listener: a client reset would be uncaught.
    socket.on('error', () => socket.destroy());
    try {
      upgrade(req, socket, head);
    } catch (e) {
      console.error(`[floe] upgrade ${JSON.stringify(req.url)} failed:`, e);
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP answer on a socket that asked to upgrade, then the end of that socket. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = Buffer.from(reason);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${reason}`,
  );
}
