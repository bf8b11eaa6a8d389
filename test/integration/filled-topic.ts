// A throwaway lab topic filled with small JSON records (~150 bytes each) by kafkajs, for tests that need load.
import { Kafka, logLevel } from 'kafkajs';
import type { LabInfo } from '../../electron/lab';
import { exactProducer } from './exact-producer';

const BATCH = 5000;

/** Creates `name` with `perPartition` records in each partition; resolves with the function that deletes it. */
export async function fillTopic(lab: LabInfo, name: string, partitions: number, perPartition: number): Promise<() => Promise<void>> {
  const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: name, numPartitions: partitions }], waitForLeaders: true });
  const producer = exactProducer(kafka);
  await producer.connect();
  const value = JSON.stringify({ text: 'x'.repeat(120) });
  for (let p = 0; p < partitions; p++)
    for (let i = 0; i < perPartition; i += BATCH)
      await producer.send({ topic: name, messages: Array.from({ length: Math.min(BATCH, perPartition - i) }, (_, j) => ({ partition: p, key: `k${i + j}`, value })) });
  await producer.disconnect();
  await admin.disconnect();
  return async () => {
    await admin.connect();
    await admin.deleteTopics({ topics: [name] }).catch(() => undefined);
    await admin.disconnect();
  };
}
