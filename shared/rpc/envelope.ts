import type { ErrorData } from '../errors';

/** The messages of the protocol. One request id per call; cancel is a message, not a side channel. */
export type Envelope =
  | { k: 'call'; id: number; method: string; input: unknown }
  | { k: 'event'; id: number; event: unknown }
  | { k: 'result'; id: number; output: unknown }
  | { k: 'error'; id: number; error: ErrorData }
  | { k: 'cancel'; id: number };

export function isEnvelope(m: unknown): m is Envelope {
  if (typeof m !== 'object' || m === null) return false;
  const { k, id } = m as { k?: unknown; id?: unknown };
  return typeof id === 'number' && (k === 'call' || k === 'event' || k === 'result' || k === 'error' || k === 'cancel');
}
