import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { contract } from '../../shared/rpc/contract';
import { serveRpc } from '../../shared/rpc/server';
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

/** Browser mode: the built renderer and the contract over WebSocket, on 127.0.0.1 only, behind a per-launch token. */
export async function serveBrowserMode(host: Host, options: { rendererDir: string; port?: number; token?: string }): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const server: Server = createServer((req, res) => {
    const verdict = checkRequest(req, port, token);
    if (!verdict.ok) {
      res.writeHead(verdict.status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end(verdict.reason);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const headers: Record<string, string> = { ...SECURITY_HEADERS };
    if (verdict.fromQuery) headers['Set-Cookie'] = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    serveStatic(options.rendererDir, url.pathname, res, headers);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const verdict = checkRequest(req, port, token);
    if (!verdict.ok || new URL(req.url ?? '/', 'http://x').pathname !== '/rpc') {
      socket.end(`HTTP/1.1 ${verdict.ok ? 404 : verdict.status} ${verdict.ok ? 'Not Found' : verdict.reason}\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      serveRpc(wsTransport(ws), contract, host.handlers, {
        onInternalError: (method, e) => console.error(`[floe] ${method} failed:`, e),
      });
    });
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
