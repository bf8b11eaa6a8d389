import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { decodeComponent } from './decode-component';

export const TOKEN_COOKIE = 'floe_token';

export type Verdict = { ok: true; fromQuery: boolean; url: URL } | { ok: false; status: number; reason: string };

/**
 * Browser mode answers only requests that (1) name this server by a loopback Host (DNS rebinding),
 * (2) come from its own origin when they carry one (cross-site pages), and (3) hold the per-launch
 * token, from the query string the first time and from a SameSite=Strict cookie after that.
 * Malformed input (a request target that is not a URL, a cookie that is not percent-encoding) gets a 400.
 */
export function checkRequest(req: IncomingMessage, port: number, token: string): Verdict {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(req.headers.host ?? '')) return { ok: false, status: 421, reason: 'Host not allowed' };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) return { ok: false, status: 403, reason: 'Origin not allowed' };
  const url = URL.parse(req.url ?? '/', `http://${req.headers.host}`);
  if (!url) return { ok: false, status: 400, reason: 'Malformed request target' };
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && same(fromQuery, token)) return { ok: true, fromQuery: true, url };
  const cookie = readCookie(req.headers.cookie, TOKEN_COOKIE);
  if (cookie === null) return { ok: false, status: 400, reason: `Malformed ${TOKEN_COOKIE} cookie` };
  if (same(cookie ?? '', token)) return { ok: true, fromQuery: false, url };
  return { ok: false, status: 401, reason: 'Missing or wrong token: open the URL that `floe serve` printed' };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The cookie's value, undefined when absent, null when its percent-encoding is malformed. */
function readCookie(header: string | undefined, name: string): string | null | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeComponent(v.join('='));
  }
  return undefined;
}
