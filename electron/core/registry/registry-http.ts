import { FloeError } from '../../../shared/errors';
import { networkError, statusError } from '../util/http-errors';

export interface RegistryEndpoint {
  url: string;
  username?: string;
  password?: string;
}

const TIMEOUT_MS = 8000;

/** What a Confluent-compatible registry puts in an error body: `{error_code, message}`. */
export interface RegistryErrorDetail {
  status: number;
  /** The registry's own code (40401 subject not found, 42201 invalid schema…); Apicurio answers 0 on a 409. */
  errorCode?: number;
  body: string;
}

/** GET/POST/PUT/DELETE against a Confluent-compatible registry, with basic auth, a deadline and coded errors. */
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
  if (!response.ok) throw registryStatusError(response.status, url, text);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new FloeError('REMOTE_ERROR', `Schema registry at ${url} answered with something that is not JSON: ${text.slice(0, 120)}`);
  }
}

/**
 * An error status with the registry's own message when it sent one: 404 NOT_FOUND, 409 CONFLICT (an
 * incompatible schema), 400/422 BAD_INPUT (an invalid schema or level); 401/403 AUTH_FAILED and the rest
 * (REMOTE_ERROR) worded as every HTTP failure of Floe's.
 */
export function registryStatusError(status: number, url: string, text: string): FloeError {
  let parsed: { error_code?: unknown; message?: unknown } | null;
  try {
    parsed = JSON.parse(text) as { error_code?: unknown; message?: unknown } | null;
  } catch {
    parsed = null;
  }
  const message = typeof parsed?.message === 'string' && parsed.message ? parsed.message : null;
  const errorCode = typeof parsed?.error_code === 'number' ? parsed.error_code : undefined;
  const detail: RegistryErrorDetail = { status, ...(errorCode !== undefined ? { errorCode } : {}), body: text.slice(0, 2000) };
  const code = status === 404 ? 'NOT_FOUND' : status === 409 ? 'CONFLICT' : status === 422 || status === 400 ? 'BAD_INPUT' : null;
  if (!code || !message) {
    const generic = statusError(status, url, 'Schema registry', text);
    return new FloeError(generic.code, generic.message, detail);
  }
  return new FloeError(code, `Schema registry (HTTP ${status}): ${message}`, detail);
}

/** The registry's own error code of a failed request, when it gave one. */
export function registryErrorCode(e: unknown): number | undefined {
  return e instanceof FloeError ? (e.detail as Partial<RegistryErrorDetail> | undefined)?.errorCode : undefined;
}

export function isRegistryStatus(e: unknown, status: number): boolean {
  return e instanceof FloeError && (e.detail as Partial<RegistryErrorDetail> | undefined)?.status === status;
}

/** A path segment: subjects may hold any character (`/`, `:`, spaces). */
export const seg = (s: string | number): string => encodeURIComponent(String(s));
