import { FloeError } from '../../../shared/errors';

/** A fetch() failure (not an HTTP status) as a FloeError naming the host. */
export function networkError(e: unknown, url: string, what: string): FloeError {
  if (e instanceof FloeError) return e;
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? '';
  const host = safeHost(url);
  if (err.name === 'TimeoutError') return new FloeError('TIMEOUT', `${what} at ${host} did not answer in time`);
  if (err.name === 'AbortError') return new FloeError('CANCELLED', 'Cancelled');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new FloeError('UNREACHABLE', `${what}: host not found (${host})`);
  if (code === 'ECONNREFUSED') return new FloeError('UNREACHABLE', `${what}: connection refused by ${host}: is it running, is the port right?`);
  if (/CERT|SSL|TLS/i.test(code + (err.cause?.message ?? ''))) return new FloeError('TLS_ERROR', `${what}: TLS with ${host} failed: ${err.cause?.message ?? code}`);
  return new FloeError('UNREACHABLE', `${what} at ${host}: ${err.cause?.message ?? err.message ?? String(e)}`);
}

/** An HTTP error status as a FloeError; `body` is the start of the response text, for the detail. */
export function statusError(status: number, url: string, what: string, body: string): FloeError {
  const host = safeHost(url);
  const detail = { status, body: body.slice(0, 500) };
  if (status === 401 || status === 403)
    return new FloeError('AUTH_FAILED', `${what} at ${host} refused the credentials (HTTP ${status})`, detail);
  if (status === 404) return new FloeError('NOT_FOUND', `${what}: nothing at ${url} (HTTP 404): check the URL`, detail);
  return new FloeError('REMOTE_ERROR', `${what} at ${host} failed with HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`, detail);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
