import { cancelled, FloeError } from '../errors';
import type { Envelope } from './envelope';
import type { Contract, EventOf, InputOf, OutputOf } from './procedure';
import type { Transport } from './transport';

interface Pending {
  resolve(value: unknown): void;
  reject(error: FloeError): void;
  onEvent?: (event: unknown) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
  /**
   * On abort, ask the procedure to stop but wait for what it returns (a stream that ends with its summary)
   * instead of rejecting at once with CANCELLED. The server sends a cancelled procedure's result as usual.
   */
  resultOnCancel?: boolean;
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
    onEvent: (event: EventOf<C[K]>) => void,
    options?: CallOptions,
  ): Promise<OutputOf<C[K]>> {
    return this.start(method, input, onEvent as (e: unknown) => void, options) as Promise<OutputOf<C[K]>>;
  }

  private start(method: string, input: unknown, onEvent: ((e: unknown) => void) | undefined, options?: CallOptions) {
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
      this.pending.set(id, {
        resolve: (v) => (settle(), resolve(v)),
        reject: (e) => (settle(), reject(e)),
        onEvent,
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.transport.send({ k: 'call', id, method, input: input ?? {} });
    });
  }

  private receive(m: Envelope): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.k === 'event') p.onEvent?.(m.event);
    else if (m.k === 'result') {
      this.pending.delete(m.id);
      p.resolve(m.output);
    } else if (m.k === 'error') {
      this.pending.delete(m.id);
      p.reject(FloeError.fromData(m.error));
    }
  }
}
