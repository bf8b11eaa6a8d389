import type { CheckResult, ConnectionTestEvent, ConnectionTestReport } from '../../../shared/model/connection-test';
import { toErrorData } from '../../../shared/errors';
import { checkConnect } from '../connect/connect-check';
import { connectEndpoint } from '../connect/connect-clients';
import { checkKafka } from '../kafka/kafka-check';
import { checkObjectStore } from '../objectstore/objectstore-check';
import { checkRegistry } from '../registry/registry-check';
import { withTimeout } from '../util/timeout';
import type { ResolvedProfile } from './profile-service';

/** Every check answers within this, success or a named failure. */
export const TEST_DEADLINE_MS = 10_000;

/** Kafka, registry, object store and Connect clusters checked side by side; one failing does not hide the others. */
export async function testConnection(
  resolved: ResolvedProfile,
  emit: (e: ConnectionTestEvent) => void,
  signal?: AbortSignal,
): Promise<ConnectionTestReport> {
  const { profile, secrets } = resolved;
  const run = async <T>(part: ConnectionTestEvent['part'], work: () => Promise<T>): Promise<CheckResult<T>> => {
    emit({ part, state: 'running' });
    const started = performance.now();
    try {
      const info = await withTimeout(work(), TEST_DEADLINE_MS, part, signal);
      return { ok: true, ms: Math.round(performance.now() - started), info };
    } catch (e) {
      return { ok: false, ms: Math.round(performance.now() - started), error: toErrorData(e) };
    } finally {
      emit({ part, state: 'done' });
    }
  };

  const registry = profile.registry;
  const store = profile.objectStore;
  const connectClusters = profile.connect ?? [];
  const connectResults = Promise.all(
    connectClusters.map(async (cluster) => ({ cluster: cluster.name, ...(await run('connect', () => checkConnect(connectEndpoint(cluster, secrets), signal))) })),
  );
  const [kafka, registryResult, storeResult, connect] = await Promise.all([
    run('kafka', () => checkKafka(resolved, TEST_DEADLINE_MS - 500, signal)),
    registry
      ? run('registry', () => checkRegistry({ url: registry.url, username: registry.username, password: secrets.registryPassword }, signal))
      : undefined,
    store
      ? run('objectStore', () =>
          checkObjectStore(
            store.kind === 'local'
              ? store
              : { ...store, secretAccessKey: secrets.s3SecretAccessKey, sessionToken: secrets.s3SessionToken },
            signal,
          ),
        )
      : undefined,
    connectResults,
  ]);
  const report: ConnectionTestReport = { kafka };
  if (connect.length > 0) report.connect = connect;
  if (registryResult) report.registry = registryResult;
  if (storeResult) report.objectStore = storeResult;
  return report;
}
