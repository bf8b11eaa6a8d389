// `floe serve` (built CLI) under malformed input: cookies, request targets, headers, upgrade requests,
// WebSocket frames and RPC envelopes, seeded and in batches. After each batch the server must still be
// up and answer a valid page request and a valid call; nothing may reach its last-resort error net.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeRequest, frame, fuzzCookie, fuzzEnvelope, fuzzFrame, fuzzHeaders, fuzzPath, fuzzUpgrade, seeded, type RawRequest } from './serve-fuzz-inputs';
import { rawFrame, rawRequest } from './raw-wire';
import { connectRpc, startServe, type ServeProcess } from './serve-process';

const lab = inject('lab');
const SEED = Number(process.env.FLOE_FUZZ_SEED ?? 0xf10e);
const BATCHES = 10;
const PER_BATCH = 100; // of each of the 6 kinds: 6,000 inputs
const CONCURRENCY = 16;
let server: ServeProcess;

beforeAll(async () => {
  server = await startServe(lab.home);
});

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
});

const get = (target: string, headers: [string, string][] = []): RawRequest => ({ method: 'GET', target, headers: [['Host', `127.0.0.1:${server.port}`], ...headers] });
const upgrade = (target: string, headers: [string, string][] = []): RawRequest =>
  get(target, [['Upgrade', 'websocket'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Version', '13'], ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='], ...headers]);

async function inPool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/** The server is up, serves the page and answers a call. */
async function assertServing(after: string): Promise<void> {
  expect(server.child.exitCode, `floe serve ended after ${after}: ${server.stderr()}`).toBeNull();
  expect(await rawRequest(server.port, encodeRequest(get(`/?token=${server.token}`))), after).toBe(200);
  const { client, socket } = await connectRpc(server);
  await expect(client.call('app.info', {}), after).resolves.toMatchObject({ mode: 'browser' });
  socket.terminate();
}

/** Sends envelopes over one WebSocket; resolves with the error codes ('OK' for a result) of the calls. */
function sendEnvelopes(cases: { text: string; id: number; expect: string }[]): Promise<string[]> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/rpc?token=${server.token}`);
  const waiting = new Map<number, (code: string) => void>();
  socket.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { k: string; id: number; error?: { code: string } };
    waiting.get(m.id)?.(m.k === 'error' ? m.error!.code : 'OK');
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('close', (code, reason) => reject(new Error(`the RPC socket closed (${code} ${reason.toString()}) during the envelope batch`)));
    socket.once('open', () => {
      const answers = cases.filter((c) => c.expect === 'answer').map((c) => new Promise<string>((res) => waiting.set(c.id, res)));
      for (const c of cases) socket.send(c.text);
      void Promise.all(answers).then((codes) => {
        socket.removeAllListeners('close');
        socket.terminate();
        resolve(codes);
      });
    });
  });
}

const bucket = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

describe('floe serve under malformed input', () => {
  it('refuses the inputs that used to end it (400, or the connection closed with a code) and keeps serving', async () => {
    const { port, token } = server;
    expect(await rawRequest(port, encodeRequest(get('/', [['Cookie', 'floe_token=%zz']])))).toBe(400);
    expect(await rawRequest(port, encodeRequest(upgrade('/rpc', [['Cookie', 'floe_token=%zz']])))).toBe(400);
    expect(await rawRequest(port, encodeRequest(get(`/%E0%A4%A?token=${token}`)))).toBe(400);
    expect(await rawFrame(port, token, frame(1, Buffer.from([0xff, 0xfe])))).toBe(1007); // invalid UTF-8
    expect(await rawFrame(port, token, frame(1, Buffer.alloc(0), { declaredLength: 64n * 1024n * 1024n + 1n }))).toBe(1009); // over maxPayload
    expect(await rawFrame(port, token, frame(2, Buffer.from([1, 2, 3])))).toBe(1003); // binary: not an envelope
    await assertServing('the known crashers');
    expect(server.stderr()).toBe('');
  });

  it(`fuzzes ${BATCHES * PER_BATCH * 6} cookies, paths, headers, upgrades, frames and envelopes; a valid call answers after each batch`, async () => {
    const r = seeded(SEED);
    const { port, token } = server;
    const statuses = new Map<string, number>();
    let inputs = 0;
    let envelopeId = 0;
    const started = performance.now();
    for (let batch = 0; batch < BATCHES; batch++) {
      const cookies = Array.from({ length: PER_BATCH }, () => fuzzCookie(r, token));
      await inPool(cookies, async (cookie) => {
        const status = await rawRequest(port, encodeRequest(get('/', [['Cookie', cookie]])));
        bucket(statuses, `cookie ${status}`);
        expect([200, 400, 401], cookie).toContain(status);
      });
      await assertServing(`cookie batch ${batch}`);

      const paths = Array.from({ length: PER_BATCH }, () => fuzzPath(r));
      await inPool(paths, async (path) => {
        const status = await rawRequest(port, encodeRequest(get(`${path}?token=${token}`)));
        bucket(statuses, `path ${status}`);
        // A target that is no URL (`//[x`), or a path whose percent-encoding does not decode, is answered 400.
        const url = URL.parse(path, `http://127.0.0.1:${port}`);
        let malformed = url === null;
        try {
          malformed ||= decodeURIComponent(url!.pathname).includes('\0');
        } catch {
          malformed = true;
        }
        const shown = path.slice(0, 200);
        // 431: Node refuses a request line over its header limit before Floe sees it.
        if (status === 431) expect(path.length, shown).toBeGreaterThan(8_000);
        else if (malformed) expect(status, shown).toBe(400);
        else expect([200, 400], shown).toContain(status);
      });
      await assertServing(`path batch ${batch}`);

      const hostile = Array.from({ length: PER_BATCH }, () => fuzzHeaders(r, port, token));
      await inPool(hostile, async (req) => {
        const status = await rawRequest(port, encodeRequest(req));
        bucket(statuses, `headers ${status}`);
        // null: Node drops a CONNECT nobody handles; everything else gets an answer below 500.
        if (status === null) expect(req.method).toBe('CONNECT');
        else expect(status, JSON.stringify(req).slice(0, 300)).toBeLessThan(500);
      });
      await assertServing(`header batch ${batch}`);

      const upgrades = Array.from({ length: PER_BATCH }, () => fuzzUpgrade(r, port, token));
      await inPool(upgrades, async (req) => {
        const status = await rawRequest(port, encodeRequest(req));
        bucket(statuses, `upgrade ${status}`);
        expect([101, 200, 400, 401, 403, 404, 421, 431], JSON.stringify(req).slice(0, 300)).toContain(status);
      });
      await assertServing(`upgrade batch ${batch}`);

      const frames = Array.from({ length: PER_BATCH }, () => fuzzFrame(r));
      await inPool(frames, async (f) => {
        const code = await rawFrame(port, token, f.bytes);
        bucket(statuses, `frame ${code}`);
        expect(f.closeCodes, f.name).toContain(code);
      });
      await assertServing(`frame batch ${batch}`);

      const envelopes = Array.from({ length: PER_BATCH }, () => ({ id: ++envelopeId, ...fuzzEnvelope(r, envelopeId) }));
      // What is no envelope ends its connection with 1003 and a reason; each gets a connection of its own.
      await inPool(envelopes.filter((e) => e.expect === 'close'), async (e) => {
        const code = await rawFrame(port, token, frame(1, Buffer.from(e.text)));
        bucket(statuses, `non-envelope ${code}`);
        expect(code, e.text.slice(0, 200)).toBe(1003);
      });
      const codes = await sendEnvelopes(envelopes.filter((e) => e.expect !== 'close'));
      for (const code of codes) bucket(statuses, `call ${code}`);
      // INTERNAL is a bug's code: bad input must be BAD_INPUT, NOT_FOUND…, never an internal error.
      expect(codes).not.toContain('INTERNAL');
      await assertServing(`envelope batch ${batch}`);
      inputs += PER_BATCH * 6;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`[serve-fuzz] seed ${SEED}: ${inputs} malformed inputs in ${seconds.toFixed(1)} s; answers: ${[...statuses].sort().map(([k, n]) => `${k}×${n}`).join(', ')}`);
    expect(inputs).toBe(BATCHES * PER_BATCH * 6);
    // Every input was refused where it entered: no internal error logged, nothing reached the uncaught-error net.
    expect(server.stderr()).toBe('');
  }, 120_000);
});
