import { FloeError, toErrorData } from '../errors';
import { isEnvelope, type Envelope } from './envelope';
import type { Contract, Handlers } from './procedure';
import { StreamCredit } from './stream-credit';
import type { Transport } from './transport';

/**
 * Serves a contract over one transport: validates every input at the boundary, runs the handler with
 * an AbortSignal that the client's cancel (or the transport closing) fires, and sends errors as data.
 */
export function serveRpc<C extends Contract>(
  transport: Transport,
  contract: C,
  handlers: Handlers<C>,
  options: {
    onInternalError?: (method: string, error: unknown) => void;
    /** The process is stopping: abort every running call, refuse new ones. */
    stopSignal?: AbortSignal;
  } = {},
): () => void {
  const running = new Map<number, { controller: AbortController; credit: StreamCredit }>();
  const abortAll = () => {
    for (const r of running.values()) r.controller.abort();
  };

  const run = async (id: number, method: unknown, rawInput: unknown, window: unknown) => {
    if (typeof method !== 'string') throw new FloeError('BAD_INPUT', 'A call names its procedure with a string');
    const procedure = Object.hasOwn(contract, method) ? contract[method] : undefined;
    if (!procedure) throw new FloeError('NOT_FOUND', `Unknown procedure "${method}"`);
    const parsed = procedure.input.safeParse(rawInput);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
      throw new FloeError('BAD_INPUT', `Invalid input for ${method}: ${issues.join('; ')}`, { issues });
    }
    if (options.stopSignal?.aborted) throw new FloeError('CANCELLED', 'Floe is shutting down');
    const controller = new AbortController();
    const credit = new StreamCredit(procedure.kind === 'stream' ? window : undefined);
    controller.signal.addEventListener('abort', () => credit.end(), { once: true });
    running.set(id, { controller, credit });
    try {
      const handler = handlers[method as keyof C];
      return await handler(parsed.data as never, {
        signal: controller.signal,
        emit: (event) => {
          if (controller.signal.aborted) return Promise.resolve();
          transport.send({ k: 'event', id, event });
          return credit.sent();
        },
      });
    } finally {
      credit.end();
      running.delete(id);
    }
  };

  const send = (m: Envelope): boolean => {
    try {
      transport.send(m);
      return true;
    } catch {
      return false;
    }
  };

  const receive = (m: Envelope | unknown) => {
    if (!isEnvelope(m)) return;
    if (m.k === 'cancel') {
      running.get(m.id)?.controller.abort();
      return;
    }
    if (m.k === 'ack') {
      running.get(m.id)?.credit.ack(m.n);
      return;
    }
    if (m.k !== 'call') return;
    const fail = (error: unknown) => {
      const data = toErrorData(error);
      if (data.code === 'INTERNAL') options.onInternalError?.(m.method, error);
      send({ k: 'error', id: m.id, error: data });
    };
    run(m.id, m.method, m.input, m.window).then((output) => {
      // An answer the transport cannot encode (a cycle, a bug) becomes an error for this call, never an unhandled rejection.
      if (!send({ k: 'result', id: m.id, output })) fail(new Error(`The answer of ${m.method} could not be sent`));
    }, fail);
  };

  const offMessage = transport.onMessage(receive);
  options.stopSignal?.addEventListener('abort', abortAll);
  const stop = () => {
    offMessage();
    offClose();
    options.stopSignal?.removeEventListener('abort', abortAll);
    abortAll();
  };
  const offClose = transport.onClose(stop);
  return stop;
}
