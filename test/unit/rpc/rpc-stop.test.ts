import { getEventListeners, setMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RpcClient } from '../../../shared/rpc/client';
import { createMemoryPair } from '../../../shared/rpc/memory-transport';
import { call, stream } from '../../../shared/rpc/procedure';
import { serveRpc } from '../../../shared/rpc/server';

const contract = {
  follow: stream(z.object({})).returns<string, number>(),
  ping: call(z.object({})).returns<string>(),
  unsendable: call(z.object({})).returns<unknown>(),
};

const handlers = {
  follow: async (_input: object, { emit, signal }: { emit: (n: number) => void; signal: AbortSignal }) => {
    let n = 0;
    while (!signal.aborted) {
      emit(++n);
      await new Promise((r) => setTimeout(r, 2));
    }
    return 'stopped';
  },
  ping: async () => 'pong',
  // A function cannot cross any transport: the encoding of this answer fails.
  unsendable: async () => ({ f: () => 1 }),
};

function serve(stopSignal?: AbortSignal) {
  const [serverEnd, clientEnd] = createMemoryPair();
  serveRpc(serverEnd, contract, handlers, { stopSignal });
  return { client: new RpcClient<typeof contract>(clientEnd), close: () => clientEnd.close() };
}

describe('stopping the process: the stop signal', () => {
  it('aborts the calls in flight on every transport, then refuses new calls with CANCELLED', async () => {
    const stopping = new AbortController();
    const a = serve(stopping.signal);
    const b = serve(stopping.signal);
    const first = new Promise<void>((resolve) => void a.client.stream('follow', {}, () => resolve()).catch(() => undefined));
    const runs = [a, b].map(({ client }) => client.stream('follow', {}, () => undefined, { resultOnCancel: true }));
    await first;
    stopping.abort();
    await expect(Promise.all(runs)).resolves.toEqual(['stopped', 'stopped']);
    await expect(a.client.call('ping', {})).rejects.toMatchObject({ code: 'CANCELLED', message: 'Floe is shutting down' });
  });

  it('is listened to once per live transport, and no more once the transport closes', () => {
    const stopping = new AbortController();
    setMaxListeners(0, stopping.signal); // as the host does
    const sessions = Array.from({ length: 30 }, () => serve(stopping.signal));
    expect(getEventListeners(stopping.signal, 'abort')).toHaveLength(30);
    for (const s of sessions) s.close();
    expect(getEventListeners(stopping.signal, 'abort')).toHaveLength(0);
  });
});

describe('malformed calls and answers never escape the server', () => {
  it('an answer the transport cannot carry comes back as an error of that call', async () => {
    const { client } = serve();
    await expect(client.call('unsendable', {})).rejects.toMatchObject({ code: 'INTERNAL', message: 'The answer of unsendable could not be sent' });
    await expect(client.call('ping', {})).resolves.toBe('pong');
  });

  it('a call whose method is not a string is BAD_INPUT', async () => {
    const [serverEnd, clientEnd] = createMemoryPair();
    serveRpc(serverEnd, contract, handlers);
    const answer = new Promise((resolve) => clientEnd.onMessage(resolve));
    clientEnd.send({ k: 'call', id: 1, method: { toString: 1 } as unknown as string, input: {} });
    await expect(answer).resolves.toMatchObject({ k: 'error', id: 1, error: { code: 'BAD_INPUT' } });
  });
});
