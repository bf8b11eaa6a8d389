import { cancelled } from '../../../shared/errors';

/**
 * Waits `ms`, or rejects with CANCELLED as soon as `signal` aborts. Its abort listener goes when the wait ends
 * either way: a rate-limited replay sleeps after every transaction, and each sleep that left its listener on the
 * job's signal held it (and warned of a leak at the eleventh).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
