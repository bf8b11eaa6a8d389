import http from 'node:http';
import https from 'node:https';
import { cancelled, FloeError } from '../../../shared/errors';
import { networkError } from '../util/http-errors';

/** One Kafka Connect cluster as the core reaches it: worker URLs tried in order, basic auth, TLS. */
export interface ConnectEndpoint {
  /** The cluster's name in its profile, for messages. */
  name: string;
  urls: string[];
  username?: string;
  password?: string;
  caPem?: string;
  clientCertPem?: string;
  clientKeyPem?: string;
  skipVerify?: boolean;
}

export interface ConnectReply {
  status: number;
  text: string;
  /** The worker that answered. */
  worker: string;
}

const TIMEOUT_MS = 15_000;
const MAX_BODY = 32 * 1024 * 1024;
/** Errors that happen before a request reaches a worker: safe to send it to the next one. */
const NOT_SENT = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)$/;

/** HTTP to a Connect cluster's workers: the first that answers serves the request and is tried first next time. */
export class ConnectHttp {
  private preferred = 0;
  private readonly agent: http.Agent | https.Agent;

  constructor(readonly endpoint: ConnectEndpoint) {
    const tls = endpoint.urls.some((u) => u.startsWith('https:'));
    this.agent = tls
      ? new https.Agent({
          keepAlive: true,
          ...(endpoint.caPem ? { ca: endpoint.caPem } : {}),
          ...(endpoint.clientCertPem ? { cert: endpoint.clientCertPem } : {}),
          ...(endpoint.clientKeyPem ? { key: endpoint.clientKeyPem } : {}),
          rejectUnauthorized: !endpoint.skipVerify,
        })
      : new http.Agent({ keepAlive: true });
  }

  /** Sends to the preferred worker; a worker that cannot be reached (or, for reads, does not answer) passes the request on. */
  async send(method: string, path: string, body: unknown, opts: { signal?: AbortSignal; notes: string[] }): Promise<ConnectReply> {
    const { urls } = this.endpoint;
    const failures: string[] = [];
    for (let n = 0; n < urls.length; n++) {
      const index = (this.preferred + n) % urls.length;
      const base = urls[index]!.replace(/\/+$/, '');
      try {
        const reply = await this.once(method, base + path, body, opts.signal);
        if (failures.length > 0) opts.notes.push(`${failures.join('; ')}: ${base} answered instead`);
        this.preferred = index;
        return { ...reply, worker: base };
      } catch (e) {
        const error = e instanceof FloeError ? e : networkError(e, base, `Kafka Connect "${this.endpoint.name}"`);
        const notSent = NOT_SENT.test((e as { sysCode?: string }).sysCode ?? '') || error.code === 'TLS_ERROR';
        const readAgain = method === 'GET' && (error.code === 'TIMEOUT' || error.code === 'UNREACHABLE');
        if (n === urls.length - 1 || !(notSent || readAgain)) {
          if (failures.length === 0) throw error;
          throw new FloeError(error.code, `No worker of Kafka Connect "${this.endpoint.name}" answered: ${[...failures, `${base}: ${error.message}`].join('; ')}`);
        }
        failures.push(`worker ${base} failed (${error.message})`);
      }
    }
    throw new FloeError('BAD_INPUT', `Kafka Connect "${this.endpoint.name}" has no worker URL`);
  }

  close(): void {
    this.agent.destroy();
  }

  private once(method: string, url: string, body: unknown, signal?: AbortSignal): Promise<{ status: number; text: string }> {
    if (signal?.aborted) return Promise.reject(cancelled());
    const { username, password } = this.endpoint;
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (username) headers.authorization = `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
    if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(payload.length) });
    const lib = url.startsWith('https:') ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(url, { method, headers, agent: this.agent, timeout: TIMEOUT_MS, signal }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) req.destroy(new FloeError('REMOTE_ERROR', `Kafka Connect "${this.endpoint.name}" sent more than 32 MiB for ${method} ${new URL(url).pathname}`));
          else chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new FloeError('TIMEOUT', `Kafka Connect "${this.endpoint.name}" at ${new URL(url).host} did not answer in ${TIMEOUT_MS / 1000} s`)));
      req.on('error', (e: Error & { code?: string }) => {
        if (e instanceof FloeError) return reject(e);
        if (e.name === 'AbortError') return reject(cancelled());
        reject(Object.assign(nodeError(e, url, this.endpoint), { sysCode: e.code }));
      });
      req.end(payload);
    });
  }
}

/** A socket or TLS failure in words that say what to change. */
function nodeError(e: Error & { code?: string }, url: string, endpoint: ConnectEndpoint): FloeError {
  const what = `Kafka Connect "${endpoint.name}"`;
  const host = new URL(url).host;
  const code = e.code ?? '';
  if (/CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE/.test(code) && !endpoint.clientCertPem)
    return new FloeError('TLS_ERROR', `${what}: the worker at ${host} wants a client certificate (mutual TLS): add one and its key to the cluster in the profile`);
  if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG/.test(code)) return new FloeError('TLS_ERROR', `${what}: ${host} does not speak TLS: is the URL http:// rather than https://?`);
  if (code === 'ECONNRESET' || code === 'EPIPE') return new FloeError('UNREACHABLE', `${what}: the worker at ${host} closed the connection (${code})`);
  return networkError({ name: e.name, message: e.message, cause: { code, message: e.message } }, url, what);
}
