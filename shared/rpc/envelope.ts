import type { ErrorData } from '../errors';

/**
 * The messages of the protocol. One request id per call; cancel is a message, not a side channel. A stream's call
 * may carry `window`, the events its client takes unacknowledged; the client then acks, by cumulative count, the
 * events it has consumed, and the server holds the stream while `window` are unacknowledged (flow control).
 */
export type Envelope =
  | { k: 'call'; id: number; method: string; input: unknown; window?: number }
  | { k: 'ack'; id: number; n: number }
  | { k: 'event'; id: number; event: unknown }
  | { k: 'result'; id: number; output: unknown }
  | { k: 'error'; id: number; error: ErrorData }
  | { k: 'cancel'; id: number };

export function isEnvelope(m: unknown): m is Envelope {
  if (typeof m !== 'object' || m === null) return false;
  const { k, id } = m as { k?: unknown; id?: unknown };
  return typeof id === 'number' && (k === 'call' || k === 'ack' || k === 'event' || k === 'result' || k === 'error' || k === 'cancel');
}
