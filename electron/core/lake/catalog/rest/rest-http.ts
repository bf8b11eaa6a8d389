import { FloeError } from '../../../../../shared/errors';
import { networkError } from '../../../util/http-errors';
import { parseExactJson, type ExactJson } from '../../spec/exact-json';

export interface RestResponse {
  url: string;
  /** The body parsed with 64-bit integers kept exact (snapshot ids). */
  json: ExactJson;
}

export interface RestRequest {
  method: 'GET' | 'POST';
  url: string;
  /** What the request is for, in words: "table db.events", "the catalog config". */
  what: string;
  headers?: Record<string, string>;
  /** A form body (OAuth2 token requests). */
  form?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** The error model of the REST spec (`{"error": {"message", "type", "code"}}`) or OAuth2's (`{"error", "error_description"}`). */
function serverMessage(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: unknown; error_description?: unknown };
    if (j.error && typeof j.error === 'object') {
      const e = j.error as { message?: unknown; type?: unknown };
      return [typeof e.type === 'string' ? e.type : '', typeof e.message === 'string' ? e.message : ''].filter(Boolean).join(': ');
    }
    if (typeof j.error === 'string') return [j.error, typeof j.error_description === 'string' ? j.error_description : ''].filter(Boolean).join(': ');
  } catch {
    // not JSON: the body's start says it
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** An HTTP error status from a REST catalog as a FloeError naming the request, the URL and the server's own words. */
export function restStatusError(status: number, method: string, url: string, what: string, body: string): FloeError {
  const said = serverMessage(body);
  const tail = `(${method} ${url} → HTTP ${status}${said ? `: ${said}` : ''})`;
  const detail = { status, url };
  if (status === 401) return new FloeError('AUTH_FAILED', `The REST catalog refused ${what}: not authenticated, a token or client credentials are missing or wrong ${tail}`, detail);
  if (status === 403) return new FloeError('AUTH_FAILED', `The REST catalog refused ${what}: the credentials lack permission ${tail}`, detail);
  if (status === 404) return new FloeError('NOT_FOUND', `The REST catalog has no ${what} ${tail}`, detail);
  if (status === 400 || status === 406 || status === 422) return new FloeError('BAD_INPUT', `The REST catalog rejected the request for ${what} ${tail}`, detail);
  if (status >= 500) return new FloeError('REMOTE_ERROR', `The REST catalog failed on ${what} ${tail}`, detail);
  return new FloeError('REMOTE_ERROR', `The REST catalog answered ${what} with HTTP ${status} ${tail}`, detail);
}

/** One HTTP exchange with a REST catalog: JSON or form in, exact JSON out, every failure a specific FloeError. */
export async function restRequest(req: RestRequest): Promise<RestResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (req.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(req.form).toString();
  }
  const timeout = AbortSignal.timeout(req.timeoutMs ?? 30_000);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let res: Response;
  let text: string;
  try {
    res = await fetch(req.url, { method: req.method, headers, ...(body !== undefined ? { body } : {}), signal });
    text = await res.text();
  } catch (e) {
    if (req.signal?.aborted) throw new FloeError('CANCELLED', 'Cancelled');
    throw networkError(e, req.url, `The REST catalog (${req.what}, ${req.method} ${req.url})`);
  }
  if (!res.ok) throw restStatusError(res.status, req.method, req.url, req.what, text);
  try {
    return { url: req.url, json: parseExactJson(text) };
  } catch {
    throw new FloeError('REMOTE_ERROR', `The REST catalog answered ${req.what} with something that is not JSON (${req.method} ${req.url}): ${text.slice(0, 120)}`);
  }
}
