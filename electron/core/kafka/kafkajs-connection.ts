import Connection from 'kafkajs/src/network/connection.js';

/**
 * kafkajs 2.2.4's Connection.connect() opens a new socket on every call until one of them connects, and keeps
 * only the last in `this.socket`. Floe sends many requests at once over one broker connection (20 browser clients
 * paging and searching): each concurrent call to a not-yet-connected Connection opened another socket. The
 * others were never closed (the process could not exit; 24–50 broker sockets measured), and requests written to
 * the still-connecting last socket each queued a 'connect' listener (MaxListenersExceededWarning at 11).
 * Here concurrent callers share one attempt, as kafkajs already does for authenticate().
 */
const ATTEMPT = Symbol('floe:connect-attempt');
const SHARED = Symbol.for('floe:kafkajs-connect-shared');

interface Patchable {
  connect(): Promise<boolean>;
  [ATTEMPT]?: Promise<boolean>;
}

/** Idempotent; kafkaConfig() calls it, so every kafkajs client Floe configures has it. */
export function shareConnectAttempts(): void {
  const proto = (Connection as unknown as { prototype: Patchable & Record<symbol, unknown> }).prototype;
  if (typeof proto?.connect !== 'function') throw new Error('kafkajs internals changed: Connection.connect not found');
  if (proto[SHARED]) return;
  const connect = proto.connect;
  proto.connect = function (this: Patchable) {
    const attempt = (this[ATTEMPT] ??= connect.call(this).finally(() => {
      if (this[ATTEMPT] === attempt) this[ATTEMPT] = undefined;
    }));
    return attempt;
  };
  proto[SHARED] = true;
}
