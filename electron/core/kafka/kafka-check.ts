import { Kafka } from 'kafkajs';
import type { KafkaCheck } from '../../../shared/model/connection-test';
import type { ResolvedProfile } from '../connections/profile-service';
import { withTimeout } from '../util/timeout';
import { kafkaConfig } from './kafka-config';
import { kafkaError } from './kafka-errors';

/** Connects with a fresh client (never a cached one: the profile may be an unsaved draft) and describes the cluster. */
export async function checkKafka(resolved: ResolvedProfile, deadlineMs: number, signal?: AbortSignal): Promise<KafkaCheck> {
  const { profile } = resolved;
  const admin = new Kafka(kafkaConfig(resolved, { connectionTimeout: 3000, requestTimeout: 5000, retries: 1 })).admin();
  try {
    const work = admin.connect().then(() => admin.describeCluster());
    const cluster = await withTimeout(work, deadlineMs, `Kafka at ${profile.kafka.bootstrap.join(', ')}`, signal);
    return {
      clusterId: cluster.clusterId,
      controllerId: cluster.controller ?? null,
      brokers: cluster.brokers.map(({ nodeId, host, port }) => ({ nodeId, host, port })),
    };
  } catch (e) {
    throw kafkaError(e, profile.kafka.bootstrap, profile.kafka.security.protocol);
  } finally {
    void admin.disconnect().catch(() => undefined);
  }
}
