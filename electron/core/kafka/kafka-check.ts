import { Kafka } from 'kafkajs';
import type { KafkaCheck } from '../../../shared/model/connection-test';
import type { ResolvedProfile } from '../connections/profile-service';
import { withTimeout } from '../util/timeout';
import { brokerFeatures, describeKafkaVersion } from './broker-features';
import { kafkaConfig } from './kafka-config';
import { kafkaError } from './kafka-errors';
import { createRawCluster } from './kafkajs-cluster';

/** Connects with a fresh client (never a cached one: the profile may be an unsaved draft) and describes the cluster. */
export async function checkKafka(resolved: ResolvedProfile, deadlineMs: number, signal?: AbortSignal): Promise<KafkaCheck> {
  const { profile } = resolved;
  const cluster = createRawCluster(new Kafka(kafkaConfig(resolved, { connectionTimeout: 3000, requestTimeout: 5000, retries: 1 })));
  const describe = async (): Promise<KafkaCheck> => {
    await cluster.connect();
    await cluster.refreshMetadata();
    const metadata = cluster.brokerPool.metadata;
    if (!metadata) throw new Error('the broker returned no metadata');
    const check: KafkaCheck = {
      clusterId: metadata.clusterId,
      controllerId: metadata.controllerId >= 0 ? metadata.controllerId : null,
      brokers: metadata.brokers.map(({ nodeId, host, port }) => ({ nodeId, host, port })).sort((a, b) => a.nodeId - b.nodeId),
    };
    const first = check.brokers[0];
    const features = first ? await brokerFeatures(await cluster.findBroker({ nodeId: first.nodeId })).catch(() => ({})) : {};
    const version = describeKafkaVersion(features);
    if (version) check.version = version;
    return check;
  };
  try {
    return await withTimeout(describe(), deadlineMs, `Kafka at ${profile.kafka.bootstrap.join(', ')}`, signal);
  } catch (e) {
    throw kafkaError(e, profile.kafka.bootstrap, profile.kafka.security.protocol);
  } finally {
    void cluster.disconnect().catch(() => undefined);
  }
}
