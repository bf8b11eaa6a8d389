import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RpcClient } from '../../../shared/rpc/client';
import { createMemoryPair } from '../../../shared/rpc/memory-transport';
import { call, stream } from '../../../shared/rpc/procedure';
import { serveRpc } from '../../../shared/rpc/server';
import { lazy, lazyHandlers } from '../../../electron/core/util/lazy';

describe('lazy', () => {
  it('makes the value once, even when several callers ask at the same time', async () => {
    let makes = 0;
    const value = lazy(async () => ({ n: ++makes }));
    const [a, b] = await Promise.all([value(), value()]);
    expect(a).toBe(b);
    expect(await value()).toBe(a);
    expect(makes).toBe(1);
  });

  it('ifMade never makes the value, and gives it once something asked for it', async () => {
    let makes = 0;
    const value = lazy(async () => ++makes);
    expect(await value.ifMade()).toBeUndefined();
    expect(makes).toBe(0);
    const asked = value();
    expect(await value.ifMade()).toBe(1);
    expect(await asked).toBe(1);
  });

  it('forgets a failed make: the next call tries again', async () => {
    let tries = 0;
    const value = lazy(async () => {
      if (++tries === 1) throw new Error('module missing');
      return 'ok';
    });
    await expect(value()).rejects.toThrow('module missing');
    expect(await value.ifMade()).toBeUndefined();
    expect(await value()).toBe('ok');
    expect(tries).toBe(2);
  });
});

describe('lazyHandlers', () => {
  const room = {
    'room.add': call(z.object({ a: z.number(), b: z.number() })).returns<number>(),
    'room.count': stream(z.object({ to: z.number() })).returns<{ total: number }, number>(),
  };

  it('loads the room on its first call, once, and forwards inputs, events and results through the RPC server', async () => {
    let loads = 0;
    const handlers = lazyHandlers(room, async () => {
      loads++;
      return {
        'room.add': async ({ a, b }) => a + b,
        'room.count': async ({ to }, { emit }) => {
          for (let i = 1; i <= to; i++) emit(i);
          return { total: to };
        },
      };
    });
    expect(Object.keys(handlers).sort()).toEqual(['room.add', 'room.count']);
    expect(loads).toBe(0);
    const [server, client] = createMemoryPair();
    const stop = serveRpc(server, room, handlers);
    const rpc = new RpcClient<typeof room>(client);
    expect(await rpc.call('room.add', { a: 2, b: 3 })).toBe(5);
    const events: number[] = [];
    expect(await rpc.stream('room.count', { to: 3 }, (e) => events.push(e))).toEqual({ total: 3 });
    expect(events).toEqual([1, 2, 3]);
    expect(loads).toBe(1);
    stop();
  });
});
