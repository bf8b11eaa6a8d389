import { Kafka, Partitioners, type Producer } from 'kafkajs';
import type { ProfileService } from '../connections/profile-service';
import { kafkaConfig } from './kafka-config';
import { kafkaError } from './kafka-errors';
import { withTimeout } from '../util/timeout';

/**
 * A producer for one produce request (Java-compatible murmur2 partitioner), disconnected afterwards:
 * producing is an explicit, occasional act, and no idle producer outlives the request or the process.
 */
export class Producers {
  constructor(private readonly profiles: ProfileService) {}

  async with<T>(profileId: string, work: (producer: Producer) => Promise<T>): Promise<T> {
    const resolved = this.profiles.resolve(profileId);
    const producer = new Kafka(kafkaConfig(resolved)).producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    try {
      await withTimeout(producer.connect(), 10_000, 'Kafka producer');
    } catch (e) {
      void producer.disconnect().catch(() => undefined);
      throw kafkaError(e, resolved.profile.kafka.bootstrap, resolved.profile.kafka.security.protocol);
    }
    try {
      return await work(producer);
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  }
}
