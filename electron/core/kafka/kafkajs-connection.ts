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

const UNSPLIT = Symbol.for('floe:kafkajs-unsplit-responses');

interface Buffering {
  processData(data: Buffer): unknown;
  chunks: Buffer[];
}

/**
 * kafkajs 2.2.4's Connection.processData keeps an empty remainder after each response, so the next response, even one
 * that came in a single chunk (ResponseReader delivers them whole), was copied by Buffer.concat([empty, response]).
 * Dropping that empty chunk leaves a response in one chunk as it is. Idempotent; kafkaConfig() calls it.
 */
export function keepWholeResponses(): void {
  const proto = (Connection as unknown as { prototype: Buffering & Record<symbol, unknown> }).prototype;
  if (typeof proto?.processData !== 'function') throw new Error('kafkajs internals changed: Connection.processData not found');
  if (proto[UNSPLIT]) return;
  const processData = proto.processData;
  proto.processData = function (this: Buffering, data: Buffer) {
    if (this.chunks.length === 1 && this.chunks[0]!.length === 0) this.chunks = [];
    return processData.call(this, data);
  };
  proto[UNSPLIT] = true;
}
