import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkRequest } from '../../../electron/server/request-guard';

const req = (url: string, headers: Record<string, string>) => ({ url, headers }) as unknown as IncomingMessage;
const TOKEN = 'tok-123';

describe('browser-mode request guard', () => {
  it('accepts the token from the query string, then from the cookie', () => {
    expect(checkRequest(req('/?token=tok-123', { host: '127.0.0.1:5000' }), 5000, TOKEN)).toMatchObject({ ok: true, fromQuery: true });
    const verdict = checkRequest(req('/assets/a.js', { host: 'localhost:5000', cookie: 'x=1; floe_token=tok-123' }), 5000, TOKEN);
    expect(verdict).toMatchObject({ ok: true, fromQuery: false });
    expect(verdict.ok && verdict.url.pathname).toBe('/assets/a.js');
  });

  it('refuses a missing or wrong token', () => {
    expect(checkRequest(req('/', { host: '127.0.0.1:5000' }), 5000, TOKEN)).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest(req('/?token=tok-124', { host: '127.0.0.1:5000' }), 5000, TOKEN)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a foreign Host (DNS rebinding) even with the token', () => {
    expect(checkRequest(req('/?token=tok-123', { host: 'evil.example:5000' }), 5000, TOKEN)).toMatchObject({ ok: false, status: 421 });
    expect(checkRequest(req('/?token=tok-123', { host: '127.0.0.1:5001' }), 5000, TOKEN)).toMatchObject({ ok: false, status: 421 });
  });

  it('refuses a cross-site Origin even with the cookie', () => {
    const verdict = checkRequest(req('/rpc', { host: '127.0.0.1:5000', origin: 'http://evil.example', cookie: 'floe_token=tok-123' }), 5000, TOKEN);
    expect(verdict).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(req('/rpc', { host: '127.0.0.1:5000', origin: 'http://127.0.0.1:5000', cookie: 'floe_token=tok-123' }), 5000, TOKEN)).toMatchObject({ ok: true });
  });

  it('answers malformed input with 400 instead of throwing: a cookie that is not percent-encoding, a target that is no URL', () => {
    for (const cookie of ['floe_token=%zz', 'floe_token=%E0%A4%A', 'x=1; floe_token=tok%', 'floe_token=%ff'])
      expect(checkRequest(req('/', { host: '127.0.0.1:5000', cookie }), 5000, TOKEN)).toEqual({ ok: false, status: 400, reason: 'Malformed floe_token cookie' });
    expect(checkRequest(req('//[bad/', { host: '127.0.0.1:5000' }), 5000, TOKEN)).toEqual({ ok: false, status: 400, reason: 'Malformed request target' });
    // A valid token in the query still wins over a broken cookie (the page that sets a fresh one).
    expect(checkRequest(req('/?token=tok-123', { host: '127.0.0.1:5000', cookie: 'floe_token=%zz' }), 5000, TOKEN)).toMatchObject({ ok: true, fromQuery: true });
    // Other cookies are not Floe's business, however they are encoded.
    expect(checkRequest(req('/', { host: '127.0.0.1:5000', cookie: 'x=%zz; floe_token=tok-123' }), 5000, TOKEN)).toMatchObject({ ok: true });
  });
});
