import { setTimeout as sleep } from 'node:timers/promises';
import { cancelled, FloeError } from '../../../shared/errors';
import type { ConnectHttp } from './connect-http';

/** Back-off between tries while the cluster rebalances: about 16 s in all, then Floe gives up and says so. */
export const REBALANCE_DELAYS_MS = [250, 500, 1000, 2000, 4000, 4000, 4000];

/**
 * What a worker answers while its group rebalances or its config is stale: a 409 from Kafka's HerderRequestHandler
 * ("Cannot complete request momentarily…"), or a 500 when its RebalanceNeededException ("Request cannot be completed
 * because a rebalance is expected") reaches the exception mapper unwrapped, as GET /connectors/{name}/config does.
 * Worth retrying, unlike a 409 such as "Connector x already exists".
 */
const REBALANCING = /^Cannot complete request|rebalance is expected/;
export const rebalancing = (status: number, message: string | null | undefined) => (status === 409 || status === 500) && REBALANCING.test(message ?? '');

/** What a Connect error answer holds: `{error_code, message}`. */
export interface ConnectErrorDetail {
  status: number;
  body: string;
}

/** One operation against a Connect cluster: requests, rebalance retries, and the notes the user should read. */
export class ConnectRest {
  /** Said to the user with the result: retries during a rebalance, a worker that did not answer. */
  readonly notes: string[] = [];
  /** The worker that answered last. */
  worker: string | null = null;

  constructor(
    private readonly http: ConnectHttp,
    private readonly signal?: AbortSignal,
    private readonly delays: readonly number[] = REBALANCE_DELAYS_MS,
  ) {}

  get cluster(): string {
    return this.http.endpoint.name;
  }

  /** JSON from the worker (undefined for an empty answer); a 409 while rebalancing is retried with back-off. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const started = performance.now();
    let retries = 0;
    let lastStatus = 0;
    for (;;) {
      const reply = await this.http.send(method, path, body, { signal: this.signal, notes: this.notes });
      this.worker = reply.worker;
      const message = connectMessage(reply.text);
      if (rebalancing(reply.status, message)) {
        const delay = this.delays[retries];
        if (delay === undefined)
          throw new FloeError('CONFLICT', `Kafka Connect "${this.cluster}" was still rebalancing after ${retries} retries over ${seconds(started)} s (HTTP ${reply.status}: ${message}): try again in a moment`, { status: reply.status, body: reply.text.slice(0, 2000) });
        retries++;
        lastStatus = reply.status;
        try {
          await sleep(delay, undefined, { signal: this.signal });
        } catch {
          throw cancelled();
        }
        continue;
      }
      if (retries > 0) this.notes.push(`Kafka Connect "${this.cluster}" was rebalancing (HTTP ${lastStatus}: ${REBALANCE_NOTE}): retried ${retries}× over ${seconds(started)} s`);
      if (reply.status < 200 || reply.status >= 300) throw connectStatusError(reply.status, reply.text, this.http.endpoint, `${method} ${path}`);
      if (!reply.text.trim()) return undefined as T;
      try {
        return JSON.parse(reply.text) as T;
      } catch {
        throw new FloeError('REMOTE_ERROR', `Kafka Connect "${this.cluster}" at ${reply.worker} answered ${method} ${path} with something that is not JSON (is it a Connect worker?): ${reply.text.slice(0, 120)}`);
      }
    }
  }
}

const REBALANCE_NOTE = 'the request could not be completed during the rebalance';
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** The `message` of a Connect error body, when it is one. */
export function connectMessage(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { message?: unknown } | null;
    return typeof parsed?.message === 'string' ? parsed.message : null;
  } catch {
    return null;
  }
}

const MISSING_PLUGIN = /Failed to find any class that implements Connector and which name matches ([^\s,]+)/;

/** A plugin that is not on the worker's plugin path, named with what is installed there. */
export function pluginNotInstalled(plugin: string, cluster: string, installed: string[]): FloeError {
  return new FloeError('NOT_FOUND', `Plugin ${plugin} is not installed on Kafka Connect "${cluster}"${installed.length ? ` (installed: ${installed.join(', ')})` : ''}`);
}

/** An error status as a FloeError with the worker's own message. */
export function connectStatusError(status: number, text: string, endpoint: { name: string; username?: string }, request: string): FloeError {
  const what = `Kafka Connect "${endpoint.name}"`;
  const message = connectMessage(text);
  const detail: ConnectErrorDetail = { status, body: text.slice(0, 2000) };
  const missing = message ? MISSING_PLUGIN.exec(message) : null;
  if (missing) {
    const installed = [...message!.matchAll(/name='([^']+)'/g)].map((m) => m[1]!);
    const error = pluginNotInstalled(missing[1]!, endpoint.name, installed);
    return new FloeError(error.code, error.message, detail);
  }
  if (status === 401 || status === 403)
    return new FloeError(
      'AUTH_FAILED',
      endpoint.username
        ? `${what} refused the credentials of user "${endpoint.username}" (HTTP ${status})`
        : `${what} needs credentials (HTTP ${status}): set the cluster's username and password in the profile`,
      detail,
    );
  if (status === 404) return new FloeError('NOT_FOUND', message ? `${what}: ${message}` : `${what}: nothing at ${request} (HTTP 404): is the URL a Connect worker's REST address?`, detail);
  if (status === 409) return new FloeError('CONFLICT', `${what}: ${message ?? 'conflict'} (HTTP 409)`, detail);
  if (status === 400 || status === 422) return new FloeError('BAD_INPUT', `${what} refused ${request}: ${message ?? text.slice(0, 300)}`, detail);
  return new FloeError('REMOTE_ERROR', `${what} failed ${request} with HTTP ${status}${message || text ? `: ${(message ?? text).slice(0, 500)}` : ''}`, detail);
}
