import { FloeError } from '../../../shared/errors';
import { networkError, statusError } from '../util/http-errors';

export interface RegistryEndpoint {
  url: string;
  username?: string;
  password?: string;
}

const TIMEOUT_MS = 8000;

/** GET/POST against a Confluent-compatible registry, with basic auth, a deadline and coded errors. */
export async function registryRequest<T>(
  endpoint: RegistryEndpoint,
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const url = endpoint.url.replace(/\/+$/, '') + path;
  const headers: Record<string, string> = { Accept: 'application/vnd.schemaregistry.v1+json, application/json' };
  if (endpoint.username) headers.Authorization = `Basic ${Buffer.from(`${endpoint.username}:${endpoint.password ?? ''}`).toString('base64')}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/vnd.schemaregistry.v1+json';
  const signals = [AbortSignal.timeout(TIMEOUT_MS), ...(init.signal ? [init.signal] : [])];
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.any(signals),
    });
  } catch (e) {
    throw networkError(e, url, 'Schema registry');
  }
  const text = await response.text();
  if (!response.ok) throw statusError(response.status, url, 'Schema registry', text);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new FloeError('REMOTE_ERROR', `Schema registry at ${url} answered with something that is not JSON: ${text.slice(0, 120)}`);
  }
}
