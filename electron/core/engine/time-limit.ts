import { FloeError } from '../../../shared/errors';

function seconds(s: number): string {
  return s >= 60 && s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}

/**
 * Runs `fn` with a signal that also fires `limitSeconds` after the start (planning, fetching and the query itself all
 * stop): a run the limit ends fails with TIMEOUT saying so, a run the caller ends stays CANCELLED.
 */
export async function withTimeLimit<T>(limitSeconds: number | undefined, signal: AbortSignal | undefined, fn: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  if (limitSeconds === undefined) return fn(signal);
  const deadline = AbortSignal.timeout(Math.round(limitSeconds * 1000));
  try {
    return await fn(signal ? AbortSignal.any([signal, deadline]) : deadline);
  } catch (e) {
    if (deadline.aborted && !signal?.aborted)
      throw new FloeError('TIMEOUT', `The query was stopped at its time limit of ${seconds(limitSeconds)}; give it more time, or narrow it (a filter, a LIMIT, fewer snapshots)`);
    throw e;
  }
}
