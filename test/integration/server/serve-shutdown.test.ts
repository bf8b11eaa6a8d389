// Browser mode under load, then stopped: `floe serve` (built CLI) with 20 WebSocket clients reading and
// searching a topic for 10 s must exit within 2 s of SIGTERM or the first Ctrl+C (SIGINT), holding no broker
// socket, and must never open more broker sockets than its connections need (kafkajs used to open one per
// concurrent connect, each left open and each adding a 'connect' listener: MaxListenersExceededWarning).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import { fillTopic } from '../filled-topic';
import { connectRpc, socketsTo, startServe } from './serve-process';

const lab = inject('lab');
const brokerPort = Number(lab.kafka.plaintext.split(':')[1]);
const topic = `serve-stop-${Date.now().toString(36)}`;
const PARTITIONS = 4;
const RECORDS_PER_PARTITION = 5_000;
const CLIENTS = 20;
const LOAD_MS = 10_000;
let dropTopic: () => Promise<void>;

beforeAll(async () => {
  dropTopic = await fillTopic(lab, topic, PARTITIONS, RECORDS_PER_PARTITION);
}, 120_000);

afterAll(() => dropTopic());

/** One client's loop: alternately a page from a random offset and a full search that matches nothing, until the server goes. */
async function client(server: { port: number; token: string }, n: number, until: number): Promise<number> {
  const { client: rpc, socket } = await connectRpc(server);
  let calls = 0;
  try {
    while (Date.now() < until) {
      if ((n + calls) % 2 === 0)
        await rpc.call('messages.read', { profileId: LOCAL_LAB_PROFILE_ID, topic, start: { kind: 'offset', offset: Math.floor(Math.random() * RECORDS_PER_PARTITION) }, limit: 50 });
      else await rpc.stream('messages.search', { profileId: LOCAL_LAB_PROFILE_ID, topic, text: 'no such text', maxMatches: 1 }, () => undefined);
      calls++;
    }
  } catch (e) {
    // the server stopped under this client: expected once the signal is sent, not before
    if (Date.now() < until - 5_000) throw e;
  } finally {
    socket.terminate();
  }
  return calls;
}

describe('floe serve stops under load', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('exits within 2 s of %s with no broker socket left, and never leaks one under load', async (signal) => {
    const server = await startServe(lab.home);
    const pid = server.child.pid!;
    const stopAt = Date.now() + LOAD_MS;
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, socketsTo(pid, brokerPort))), 50);
    // The clients keep going past the signal: the server must stop under them, mid-request.
    const clients = Array.from({ length: CLIENTS }, (_, n) => client(server, n, stopAt + 5_000));
    await new Promise((r) => setTimeout(r, LOAD_MS));
    const heldUnderLoad = socketsTo(pid, brokerPort);

    const sentAt = performance.now();
    server.child.kill(signal);
    const exit = await Promise.race([server.exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))]);
    const stopMs = performance.now() - sentAt;
    clearInterval(sampler);
    const leftAfter = socketsTo(pid, brokerPort);
    if (exit === 'still running') server.child.kill('SIGKILL');
    const calls = (await Promise.all(clients)).reduce((a, b) => a + b, 0);

    console.log(`[serve-stop] ${signal}: ${calls} calls by ${CLIENTS} clients; broker sockets under load ${heldUnderLoad} (peak ${peak}); exit ${exit} after ${stopMs.toFixed(0)} ms; left ${leftAfter}`);
    expect(calls).toBeGreaterThan(0);
    expect(exit).toBe(0);
    expect(stopMs).toBeLessThan(2_000);
    expect(leftAfter).toBe(0);
    expect(peak).toBeLessThanOrEqual(4);
    // No warning (MaxListenersExceededWarning), no call failing as an internal error, no uncaught error, no forced exit.
    expect(server.stderr()).toBe('');
  });
});
