import type { RegistryCheck } from '../../../shared/model/connection-test';
import { FloeError } from '../../../shared/errors';
import { registryRequest, type RegistryEndpoint } from './registry-http';

/** Reachability and credentials: the subject list is the one call every compatible registry serves. */
export async function checkRegistry(endpoint: RegistryEndpoint, signal?: AbortSignal): Promise<RegistryCheck> {
  const subjects = await registryRequest<unknown>(endpoint, '/subjects', { signal });
  if (!Array.isArray(subjects)) throw new FloeError('REMOTE_ERROR', `${endpoint.url}/subjects did not return a list: is this a schema registry?`);
  const check: RegistryCheck = { subjects: subjects.length };
  const mode = await registryRequest<{ mode?: string }>(endpoint, '/mode', { signal }).catch(() => null);
  if (mode?.mode) check.mode = mode.mode;
  return check;
}
