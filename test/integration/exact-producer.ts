import type { Kafka, Producer } from 'kafkajs';

/**
 * A producer for tests that count what they wrote: idempotent, so a send kafkajs retries (a new topic's leader still
 * settling under CI load) is not written twice. Plain producers' retries left test topics with records twice, and CI
 * failed on the count (partition 0's 4 records twice; `schema infer` reading 7 records of 5).
 */
export const exactProducer = (kafka: Kafka): Producer => kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
