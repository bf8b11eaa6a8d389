import { cancelled, FloeError } from '../errors';
import type { Envelope } from './envelope';
import type { Contract, EventOf, InputOf, OutputOf } from './procedure';
import type { Transport } from './transport';

/** Events a stream's server may send before this client has acknowledged them, unless the call asks otherwise. */
export const DEFAULT_STREAM_WINDOW = 8;

interface Pending {
  resolve(value: unknown): void;
  reject(error: FloeError): void;
  onEvent?: (event: unknown) => unknown;
  /** Flow control asked for in the call (events acked as they are consumed), or 0 for none. */
  window: number;
  /** Events received and not yet handed on, while the handler still works on one that returned a promise. */
  queue: unknown[];
  busy: boolean;
  consumed: number;
  /** The call's result or error, held until every event before it has been consumed. */
  settle?: () => void;
}

export interface CallOptions {
  signal?: AbortSignal;
  /**
   * On abort, ask the procedure to stop but wait for what it returns (a stream that ends with its summary)
   * instead of rejecting at once with CANCELLED. The server sends a cancelled procedure's result as usual.
   */
  resultOnCancel?: boolean;
  /**
   * Streams: how many events the server may send that this client has not consumed yet (flow control; default
   * DEFAULT_STREAM_WINDOW, 0 for none). An event is consumed when its handler returns, or when the promise it
   * returns settles: a handler that is slower than the server holds the stream back instead of letting events pile up.
   */
  window?: number;
}

/** The typed caller side of the contract. Errors come back as FloeError with their code. */
export class RpcClient<C extends Contract> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  constructor(private readonly transport: Transport) {
    transport.onMessage((m) => this.receive(m));
    transport.onClose(() => {
      this.closed = true;
      for (const p of this.pending.values()) p.reject(new FloeError('UNREACHABLE', 'Connection to the Floe core closed'));
      this.pending.clear();
    });
  }

  /** Called once if the transport closes (server stopped, core process gone). */
  onClose(handler: () => void): () => void {
    return this.transport.onClose(handler);
  }

  call<K extends keyof C & string>(method: K, input: InputOf<C[K]>, options?: CallOptions): Promise<OutputOf<C[K]>> {
    return this.start(method, input, undefined, options) as Promise<OutputOf<C[K]>>;
  }

  stream<K extends keyof C & string>(
    method: K,
    input: InputOf<C[K]>,
    onEvent: (event: EventOf<C[K]>) => unknown,
    options?: CallOptions,
  ): Promise<OutputOf<C[K]>> {
    return this.start(method, input, onEvent as (e: unknown) => unknown, options) as Promise<OutputOf<C[K]>>;
  }

  private start(method: string, input: unknown, onEvent: ((e: unknown) => unknown) | undefined, options?: CallOptions) {
    if (this.closed) return Promise.reject(new FloeError('UNREACHABLE', 'Connection to the Floe core closed'));
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(cancelled());
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const onAbort = () => {
        if (options?.resultOnCancel) {
          if (this.pending.has(id)) this.transport.send({ k: 'cancel', id });
          return;
        }
        if (!this.pending.delete(id)) return;
        this.transport.send({ k: 'cancel', id });
        reject(cancelled());
      };
      const settle = () => signal?.removeEventListener('abort', onAbort);
      const window = onEvent ? (options?.window ?? DEFAULT_STREAM_WINDOW) : 0;
      this.pending.set(id, {
        resolve: (v) => (settle(), resolve(v)),
        reject: (e) => (settle(), reject(e)),
        onEvent,
        window,
        queue: [],
        busy: false,
        consumed: 0,
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.transport.send({ k: 'call', id, method, input: input ?? {}, ...(window > 0 ? { window } : {}) });
    });
  }

  private receive(m: Envelope): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.k === 'event') {
      if (!p.onEvent) return;
      p.queue.push(m.event);
    } else if (m.k === 'result') p.settle = () => (this.pending.delete(m.id), p.resolve(m.output));
    else if (m.k === 'error') p.settle = () => (this.pending.delete(m.id), p.reject(FloeError.fromData(m.error)));
    else return;
    this.drain(m.id, p);
  }

  /** Hands queued events to the handler in order, one at a time, then settles the call once none are left. */
  private drain(id: number, p: Pending): void {
    while (!p.busy && this.pending.get(id) === p) {
      if (p.queue.length === 0) {
        p.settle?.();
        return;
      }
      const event = p.queue.shift();
      let handled: unknown;
      try {
        handled = p.onEvent!(event);
      } catch (e) {
        reportLater(e);
      }
      if (!isThenable(handled)) {
        this.consumed(id, p);
        continue;
      }
      p.busy = true;
      handled.then(undefined, reportLater).finally(() => {
        p.busy = false;
        this.consumed(id, p);
        this.drain(id, p);
      });
    }
  }

  private consumed(id: number, p: Pending): void {
    p.consumed++;
    if (p.window > 0 && this.pending.get(id) === p) this.transport.send({ k: 'ack', id, n: p.consumed });
  }
}

const isThenable = (v: unknown): v is Promise<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';

/** A handler's error is the caller's bug, not the stream's: report it as an uncaught error would be, and go on. */
const reportLater = (e: unknown) =>
  queueMicrotask(() => {
    throw e;
  });
