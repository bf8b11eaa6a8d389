import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCore } from '../core-session';

const lab = inject('lab');
let core: ReturnType<typeof startCore>;
let server: Server;
let base = '';

/** A loopback HTTP server that answers every request with the status its path names: /401/…, /500/…, /text/… */
function answering(): Promise<Server> {
  const s = createServer((req, res) => {
    const [, what] = (req.url ?? '').split('/');
    if (what === 'text') return res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>not a registry</html>');
    const status = Number(what);
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error_code: status * 100 + 1, message: `answer ${status} from the test registry` }));
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

async function profileFor(path: string): Promise<string> {
  const saved = await core.client.call('connections.save', {
    name: `registry ${path}`,
    kafka: { bootstrap: [lab.kafka.plaintext], security: { protocol: 'PLAINTEXT' } },
    registry: { url: `${base}/${path}` },
  });
  return saved.id;
}

describe('a registry that answers with an error, or not at all', () => {
  beforeAll(async () => {
    core = startCore(lab.home);
    server = await answering();
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    await core?.close();
  });

  it.each([
    ['401', 'AUTH_FAILED', /refused the credentials \(HTTP 401\)/],
    ['403', 'AUTH_FAILED', /refused the credentials \(HTTP 403\)/],
    ['404', 'NOT_FOUND', /HTTP 404\): answer 404 from the test registry/],
    ['500', 'REMOTE_ERROR', /failed with HTTP 500: .*answer 500 from the test registry/],
    ['text', 'REMOTE_ERROR', /not JSON: <html>not a registry/],
  ])('HTTP %s → %s with the cause', async (path, code, message) => {
    const profileId = await profileFor(path);
    await expect(core.client.call('schemas.list', { profileId })).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('409 and 422 on registration carry the registry’s own message', async () => {
    for (const [path, code] of [
      ['409', 'CONFLICT'],
      ['422', 'BAD_INPUT'],
    ] as const) {
      const profileId = await profileFor(path);
      await expect(core.client.call('schemas.register', { profileId, subject: 's', draft: { schema: '"string"' } })).rejects.toMatchObject({
        code,
        message: expect.stringContaining(`answer ${path} from the test registry`),
      });
    }
  });

  it('a registry that is not there is UNREACHABLE, naming the host', async () => {
    const saved = await core.client.call('connections.save', {
      name: 'no registry',
      kafka: { bootstrap: [lab.kafka.plaintext], security: { protocol: 'PLAINTEXT' } },
      registry: { url: 'http://127.0.0.1:1' },
    });
    await expect(core.client.call('schemas.list', { profileId: saved.id })).rejects.toMatchObject({ code: 'UNREACHABLE', message: expect.stringMatching(/127\.0\.0\.1:1/) });
  });

  it('a profile without a registry is told so', async () => {
    const saved = await core.client.call('connections.save', { name: 'kafka only', kafka: { bootstrap: [lab.kafka.plaintext], security: { protocol: 'PLAINTEXT' } } });
    await expect(core.client.call('schemas.list', { profileId: saved.id })).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'Profile "kafka only" has no schema registry: add its URL to the profile' });
  });
});
