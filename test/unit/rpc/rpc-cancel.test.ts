import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RpcClient } from '../../../shared/rpc/client';
import { createMemoryPair } from '../../../shared/rpc/memory-transport';
import { stream } from '../../../shared/rpc/procedure';
import { serveRpc } from '../../../shared/rpc/server';

const contract = { follow: stream(z.object({})).returns<{ emitted: number; stoppedBy: string }, number>() };

/** A stream that emits every few ms until cancelled, then returns what it emitted. */
function setup() {
  const [serverEnd, clientEnd] = createMemoryPair();
  serveRpc(serverEnd, contract, {
    follow: async (_input, { emit, signal }) => {
      let emitted = 0;
      while (!signal.aborted) {
        emit(++emitted);
        await new Promise((r) => setTimeout(r, 2));
      }
      return { emitted, stoppedBy: 'cancel' };
    },
  });
  return new RpcClient<typeof contract>(clientEnd);
}

describe('cancelling a stream', () => {
  it('with resultOnCancel, settles with the summary the procedure returns, matching the events seen', async () => {
    const client = setup();
    const controller = new AbortController();
    const seen: number[] = [];
    const summary = await client.stream('follow', {}, (n) => {
      seen.push(n);
      if (n === 5) controller.abort();
    }, { signal: controller.signal, resultOnCancel: true });
    expect(summary.stoppedBy).toBe('cancel');
    expect(seen).toEqual(Array.from({ length: summary.emitted }, (_, i) => i + 1));
    expect(summary.emitted).toBeGreaterThanOrEqual(5);
  });

  it('without it, rejects at once with CANCELLED (the default)', async () => {
    const client = setup();
    const controller = new AbortController();
    const run = client.stream('follow', {}, (n) => n === 3 && controller.abort(), { signal: controller.signal });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
