import { cancelled, FloeError } from '../../../shared/errors';

/** Race a promise against a deadline and an optional signal; the loser's result is dropped. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string, signal?: AbortSignal): Promise<T> {
  if (signal?.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(new FloeError('TIMEOUT', `${what} did not answer within ${Math.round(ms / 1000)} s`))), ms);
    const onAbort = () => finish(() => reject(cancelled()));
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => finish(() => resolve(v)),
      (e: unknown) => finish(() => reject(e)),
    );
  });
}
