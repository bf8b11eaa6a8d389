import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleep } from '../../../electron/core/util/sleep';

describe('sleep', () => {
  it('leaves no listener on the signal after its waits (a rate-limited replay sleeps after every transaction)', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) await sleep(1, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects with CANCELLED when the signal aborts during the wait, or had already', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const waiting = sleep(60_000, controller.signal);
    setTimeout(() => controller.abort(), 10);
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(sleep(60_000, controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
