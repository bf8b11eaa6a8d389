import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

export const TOKEN_COOKIE = 'floe_token';

/**
 * Browser mode answers only requests that (1) name this server by a loopback Host (DNS rebinding),
 * (2) come from its own origin when they carry one (cross-site pages), and (3) hold the per-launch
 * token, from the query string the first time and from a SameSite=Strict cookie after that.
 */
export function checkRequest(req: IncomingMessage, port: number, token: string): { ok: true; fromQuery: boolean } | { ok: false; status: number; reason: string } {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(req.headers.host ?? '')) return { ok: false, status: 421, reason: 'Host not allowed' };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) return { ok: false, status: 403, reason: 'Origin not allowed' };
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && same(fromQuery, token)) return { ok: true, fromQuery: true };
  if (same(readCookie(req.headers.cookie, TOKEN_COOKIE) ?? '', token)) return { ok: true, fromQuery: false };
  return { ok: false, status: 401, reason: 'Missing or wrong token: open the URL that `floe serve` printed' };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
