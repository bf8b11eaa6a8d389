import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RpcClient } from '../../../shared/rpc/client';
import { createMemoryPair } from '../../../shared/rpc/memory-transport';
import { call, stream, type Handlers } from '../../../shared/rpc/procedure';
import { serveRpc } from '../../../shared/rpc/server';
import { FloeError } from '../../../shared/errors';

const testContract = {
  add: call(z.object({ a: z.number(), b: z.number() })).returns<number>(),
  fail: call(z.object({ code: z.enum(['AUTH_FAILED', 'INTERNAL']) })).returns<never>(),
  count: stream(z.object({ to: z.number().int().min(0) })).returns<{ total: number }, number>(),
  wait: call(z.object({})).returns<string>(),
  big: call(z.object({})).returns<{ offset: bigint; bytes: Uint8Array }>(),
};

function setup(overrides: Partial<Handlers<typeof testContract>> = {}) {
  const state = { cancelled: false };
  const handlers: Handlers<typeof testContract> = {
    add: async ({ a, b }) => a + b,
    fail: async ({ code }) => {
      if (code === 'AUTH_FAILED') throw new FloeError('AUTH_FAILED', 'wrong password', { user: 'x' });
      throw new Error('boom');
    },
    count: async ({ to }, { emit }) => {
      for (let i = 1; i <= to; i++) emit(i);
      return { total: to };
    },
    wait: (_input, { signal }) =>
      new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => {
          state.cancelled = true;
          reject(new FloeError('CANCELLED', 'stopped'));
        }),
      ),
    big: async () => ({ offset: 2n ** 62n, bytes: new Uint8Array([0, 1, 255]) }),
    ...overrides,
  };
  const [serverEnd, clientEnd] = createMemoryPair();
  serveRpc(serverEnd, testContract, handlers);
  return { client: new RpcClient<typeof testContract>(clientEnd), state, clientEnd };
}

describe('rpc over the in-memory pair', () => {
  it('calls a procedure with validated input', async () => {
    const { client } = setup();
    await expect(client.call('add', { a: 2, b: 3 })).resolves.toBe(5);
  });

  it('rejects invalid input with BAD_INPUT naming the field', async () => {
    const { client } = setup();
    const error = await client.call('add', { a: 2, b: 'x' as unknown as number }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FloeError);
    expect((error as FloeError).code).toBe('BAD_INPUT');
    expect((error as FloeError).message).toContain('b:');
  });

  it('rebuilds coded errors with their detail, and unknown errors as INTERNAL', async () => {
    const { client } = setup();
    const auth = (await client.call('fail', { code: 'AUTH_FAILED' }).catch((e: unknown) => e)) as FloeError;
    expect([auth.code, auth.message, auth.detail]).toEqual(['AUTH_FAILED', 'wrong password', { user: 'x' }]);
    const internal = (await client.call('fail', { code: 'INTERNAL' }).catch((e: unknown) => e)) as FloeError;
    expect([internal.code, internal.message]).toEqual(['INTERNAL', 'boom']);
  });

  it('refuses an unknown procedure with NOT_FOUND', async () => {
    const { client } = setup();
    const untyped = client as unknown as RpcClient<Record<string, ReturnType<ReturnType<typeof call>['returns']>>>;
    await expect(untyped.call('nope', {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('streams events in order before the result', async () => {
    const { client } = setup();
    const events: number[] = [];
    const result = await client.stream('count', { to: 4 }, (n) => events.push(n));
    expect(events).toEqual([1, 2, 3, 4]);
    expect(result).toEqual({ total: 4 });
  });

  it('cancels: the client rejects with CANCELLED and the handler sees its signal abort', async () => {
    const { client, state } = setup();
    const controller = new AbortController();
    const pending = client.call('wait', {}, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    await new Promise((r) => setTimeout(r, 5));
    expect(state.cancelled).toBe(true);
  });

  it('fails pending calls when the transport closes', async () => {
    const { client, clientEnd } = setup();
    const pending = client.call('wait', {});
    clientEnd.close();
    await expect(pending).rejects.toMatchObject({ code: 'UNREACHABLE' });
  });

  it('carries BigInt and bytes', async () => {
    const { client } = setup();
    const out = await client.call('big', {});
    expect(out.offset).toBe(2n ** 62n);
    expect([...out.bytes]).toEqual([0, 1, 255]);
  });
});
