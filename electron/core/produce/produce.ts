import type { z } from 'zod';
import { FloeError } from '../../../shared/errors';
import type { ProduceHeader, ProduceRequest, ProduceResult, ReproduceRequest } from '../../../shared/model/produce';
import type { KafkaClients } from '../kafka/kafka-clients';
import { encodePart } from './part-encoder';
import { PAGE_LIMITS, PartitionFetcher } from '../kafka/partition-fetcher';
import type { OutRecord } from '../kafka/record-batch-writer';
import { sendRecords } from './record-sender';
import type { RegistryClients } from '../registry/registry-clients';

/** A header's exact bytes: UTF-8 of its text, its hex, or null. */
export function headerBytes(h: ProduceHeader): Buffer | null {
  if ('hex' in h) return Buffer.from(h.hex, 'hex');
  return h.value === null ? null : Buffer.from(h.value, 'utf8');
}

/** Sends `copies` of one record to the topic, through the cluster connection the reads use. */
function send(kafka: KafkaClients, profileId: string, topic: string, record: OutRecord, copies: number, partition: number | undefined): Promise<ProduceResult> {
  return kafka.run(profileId, async () => sendRecords(await kafka.cluster(profileId), topic, Array.from({ length: copies }, () => record), partition));
}

export async function produce(kafka: KafkaClients, registries: RegistryClients, input: z.output<typeof ProduceRequest>): Promise<ProduceResult> {
  const registry = registries.get(input.profileId);
  const [key, value] = await Promise.all([encodePart('key', input.key, registry), encodePart('value', input.value, registry)]);
  const record: OutRecord = { key, value, headers: input.headers.map((h) => ({ key: h.key, value: headerBytes(h) })), timestamp: input.timestamp ?? Date.now() };
  return send(kafka, input.profileId, input.topic, record, input.copies, input.partition);
}

/** The record's exact key, value and headers bytes (in order, null values kept), sent again to the same or another topic. */
export async function reproduce(kafka: KafkaClients, input: z.output<typeof ReproduceRequest>): Promise<ProduceResult> {
  const { from, to } = input;
  const raw = await kafka.run(input.profileId, async () => {
    const fetcher = new PartitionFetcher(await kafka.cluster(input.profileId), from.topic);
    const chunk = (await fetcher.fetch(new Map([[from.partition, from.offset]]), PAGE_LIMITS)).get(from.partition);
    const found = chunk?.records.find((r) => r.offset === from.offset);
    if (!found) throw new FloeError('NOT_FOUND', `${from.topic}/${from.partition} has no record at offset ${from.offset}`);
    return found;
  });
  const record: OutRecord = { key: raw.key, value: raw.value, headers: raw.headers.map((h) => ({ key: h.key, value: h.value })), timestamp: Date.now() };
  return send(kafka, input.profileId, to.topic, record, input.copies, to.partition);
}
