// Flow control of streams: a client that consumes slower than the server produces holds the server back, over the
// three transports the UI and the tests use (in-memory pair, MessagePort, WebSocket), and nothing is lost or doubled.
import { MessageChannel } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { z } from 'zod';
import { RpcClient } from '../../../shared/rpc/client';
import { createMemoryPair } from '../../../shared/rpc/memory-transport';
import { messagePortTransport } from '../../../shared/rpc/message-port-transport';
import { stream } from '../../../shared/rpc/procedure';
import { serveRpc } from '../../../shared/rpc/server';
import { StreamCredit } from '../../../shared/rpc/stream-credit';
import type { Transport } from '../../../shared/rpc/transport';
import { wsTransport } from '../../../electron/server/ws-transport';

const contract = { produce: stream(z.object({ count: z.number().int().min(1) })).returns<{ sent: number; ended: 'done' | 'cancelled' }, number[]>() };
const BATCH = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the server side did: events handed to emit, and the most it ever had unconsumed by the client. */
interface ServerView {
  sent: number;
  endedAt: number | null;
}

/** A server that emits `count` batches of BATCH consecutive numbers, awaiting room after each (as the scan does). */
function serve(end: Transport, view: ServerView) {
  serveRpc(end, contract, {
    produce: async ({ count }, { emit, signal }) => {
      try {
        for (let i = 0; i < count; i++) {
          if (signal.aborted) return { sent: view.sent, ended: 'cancelled' as const };
          view.sent++;
          await emit(Array.from({ length: BATCH }, (_, j) => i * BATCH + j));
        }
        return { sent: view.sent, ended: 'done' as const };
      } finally {
        view.endedAt = performance.now();
      }
    },
  });
}

type Pair = { server: Transport; client: Transport; close(): Promise<void> };

/** The producer served on one end of a fresh pair, a client on the other. */
async function connect(name: string) {
  const pair = await transports[name]!();
  const view: ServerView = { sent: 0, endedAt: null };
  serve(pair.server, view);
  return { pair, view, client: new RpcClient<typeof contract>(pair.client) };
}

const sockets: { close(): void }[] = [];
afterAll(() => sockets.forEach((s) => s.close()));

const transports: Record<string, () => Promise<Pair>> = {
  memory: async () => {
    const [server, client] = createMemoryPair();
    return { server, client, close: async () => client.close() };
  },
  // Node's MessagePort has the API of Electron's MessagePortMain and the DOM's MessagePort (structured clone).
  'message port': async () => {
    const { port1, port2 } = new MessageChannel();
    const adapt = (port: typeof port1) =>
      messagePortTransport({ post: (m) => port.postMessage(m), listen: (h) => port.on('message', h), onClose: (h) => port.on('close', h), close: () => port.close() });
    return { server: adapt(port1), client: adapt(port2), close: async () => port1.close() };
  },
  // The browser mode's transport: JSON text frames over a real socket, with its kernel and ws buffers in between.
  websocket: async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    sockets.push(wss);
    await new Promise((r) => wss.once('listening', r));
    const accepted = new Promise<WebSocket>((r) => wss.once('connection', r));
    const socket = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    await new Promise((r, j) => (socket.once('open', r), socket.once('error', j)));
    return { server: wsTransport(await accepted), client: wsTransport(socket), close: async () => socket.close() };
  },
};

describe('StreamCredit', () => {
  it('lets `window` events out unacknowledged, then waits for an ack, a cancel or the end', async () => {
    const credit = new StreamCredit(2);
    const state: string[] = [];
    await credit.sent();
    const second = credit.sent().then(() => state.push('second'));
    await sleep(5);
    expect(state).toEqual([]);
    expect(credit.unacknowledged).toBe(2);
    credit.ack(1);
    await second;
    const third = credit.sent().then(() => state.push('third'));
    credit.ack(1); // a repeated ack changes nothing
    credit.ack('x');
    credit.ack(99); // more than was sent counts as all sent
    await third;
    expect(credit.unacknowledged).toBe(0);
    await credit.sent();
    const held = credit.sent().then(() => state.push('held'));
    credit.end();
    await held;
    await credit.sent(); // after the end nothing waits
    expect(state).toEqual(['second', 'third', 'held']);
  });

  it('without a window (or a nonsense one) never waits; a huge one is cut to the maximum', async () => {
    for (const window of [undefined, 0, -3, 1.5, '8']) {
      const credit = new StreamCredit(window);
      for (let i = 0; i < 5000; i++) await credit.sent();
      expect(credit.unacknowledged).toBe(5000);
    }
    const huge = new StreamCredit(1e9);
    let passed = 0;
    for (let i = 0; i < 2000; i++) void huge.sent().then(() => passed++);
    await sleep(0);
    expect(passed).toBe(1023); // the 1024th is out, and waits for room
  });
});

describe.each(Object.keys(transports))('a stream over %s with a slow consumer', (name) => {
  it('holds the producer at the window while the consumer is paused, then delivers every event once, in order', async () => {
    const { pair, view, client } = await connect(name);
    let gate: Promise<void> | null = null;
    let open = () => undefined as void;
    const received: number[] = [];
    let events = 0;
    const pause = () => (gate = new Promise<void>((r) => (open = () => ((gate = null), r()))));
    const run = client.stream(
      'produce',
      { count: 200 },
      async (batch) => {
        events++;
        received.push(...batch);
        if (events === 3) pause();
        if (gate) await gate;
      },
      { window: 4 },
    );
    await sleep(300);
    const heldAt = view.sent;
    await sleep(300);
    // The consumer is stuck in event 3 and acked 2: the producer may have 4 unacked out, and waits on the 4th's room.
    expect(heldAt).toBe(2 + 4);
    expect(view.sent).toBe(heldAt);
    expect(received.length).toBe(3 * BATCH);
    open();
    const summary = await run;
    expect(summary).toEqual({ sent: 200, ended: 'done' });
    expect(received).toEqual(Array.from({ length: 200 * BATCH }, (_, i) => i));
    await pair.close();
  });

  it('ends a stream held back by a paused consumer within 200 ms of a cancel', async () => {
    const { pair, view, client } = await connect(name);
    const controller = new AbortController();
    const run = client.stream('produce', { count: 1000 }, () => new Promise<void>(() => undefined), { signal: controller.signal, window: 2 });
    await sleep(200);
    expect(view.sent).toBe(2); // none consumed: the window's two are out
    const cancelledAt = performance.now();
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    while (view.endedAt === null && performance.now() - cancelledAt < 1000) await sleep(2);
    const took = view.endedAt! - cancelledAt;
    console.log(`[rpc-flow ${name}] cancel → held producer ended in ${took.toFixed(1)} ms`);
    expect(took).toBeLessThan(200);
    await pair.close();
  });

  it('does not hold back a client that asks for no flow control (window 0)', async () => {
    const { pair, view, client } = await connect(name);
    void client.stream('produce', { count: 50 }, () => new Promise<void>(() => undefined), { window: 0 }).catch(() => undefined);
    while (view.endedAt === null) await sleep(5);
    expect(view.sent).toBe(50); // all sent though the consumer is stuck on the first
    await pair.close();
  });
});
