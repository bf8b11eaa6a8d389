import type { Message } from 'kafkajs';
import type { z } from 'zod';
import { FloeError } from '../../../shared/errors';
import type { ProduceRequest, ProduceResult, ReproduceRequest } from '../../../shared/model/produce';
import type { KafkaClients } from '../kafka/kafka-clients';
import { encodePart } from './part-encoder';
import { PAGE_LIMITS, PartitionFetcher } from '../kafka/partition-fetcher';
import type { Producers } from '../kafka/producers';
import type { RegistryClients } from '../registry/registry-clients';

const CHUNK = 5000;
const WRITTEN_SHOWN = 100;

/** Sends `copies` of one message in chunks; the result lists the first offset written per partition and chunk. */
async function send(producers: Producers, kafka: KafkaClients, profileId: string, topic: string, message: Message, copies: number): Promise<ProduceResult> {
  const started = performance.now();
  return kafka.run(profileId, () => producers.with(profileId, async (producer) => {
    const written: ProduceResult['written'] = [];
    for (let sent = 0; sent < copies; sent += CHUNK) {
      const n = Math.min(CHUNK, copies - sent);
      let meta;
      try {
        meta = await producer.send({ topic, acks: -1, messages: Array.from({ length: n }, () => message) });
      } catch (e) {
        const type = (e as { type?: string }).type ?? (e as { originalError?: { type?: string } }).originalError?.type;
        if (type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE')
          throw new FloeError('BAD_INPUT', `The broker refused the record as too large for "${topic}" (raise the topic's max.message.bytes)`);
        if (type === 'UNKNOWN_TOPIC_OR_PARTITION') throw new FloeError('NOT_FOUND', `Topic "${topic}" does not exist${message.partition !== undefined ? ` or has no partition ${message.partition}` : ''}`);
        throw e;
      }
      for (const m of meta) if (written.length < WRITTEN_SHOWN) written.push({ partition: m.partition, offset: Number(m.baseOffset ?? m.offset ?? -1) });
    }
    return { written, count: copies, ms: Math.round(performance.now() - started) };
  }));
}

export async function produce(producers: Producers, kafka: KafkaClients, registries: RegistryClients, input: z.output<typeof ProduceRequest>): Promise<ProduceResult> {
  const registry = registries.get(input.profileId);
  const [key, value] = await Promise.all([encodePart('key', input.key, registry), encodePart('value', input.value, registry)]);
  const message: Message = {
    key,
    value,
    headers: Object.fromEntries(input.headers.map((h) => [h.key, h.value ?? undefined])) as Message['headers'],
    ...(input.partition !== undefined ? { partition: input.partition } : {}),
    ...(input.timestamp !== undefined ? { timestamp: String(input.timestamp) } : {}),
  };
  return send(producers, kafka, input.profileId, input.topic, message, input.copies);
}

/** The record's exact key, value and headers bytes, sent again to the same or another topic. */
export async function reproduce(producers: Producers, kafka: KafkaClients, input: z.output<typeof ReproduceRequest>): Promise<ProduceResult> {
  const { from, to } = input;
  const raw = await kafka.run(input.profileId, async () => {
    const fetcher = new PartitionFetcher(await kafka.cluster(input.profileId), from.topic);
    const chunk = (await fetcher.fetch(new Map([[from.partition, from.offset]]), PAGE_LIMITS)).get(from.partition);
    const found = chunk?.records.find((r) => r.offset === from.offset);
    if (!found) throw new FloeError('NOT_FOUND', `${from.topic}/${from.partition} has no record at offset ${from.offset}`);
    return found;
  });
  const headers: Record<string, Buffer[]> = {};
  for (const h of raw.headers) (headers[h.key] ??= []).push(h.value ?? Buffer.alloc(0));
  const message: Message = {
    key: raw.key ? Buffer.from(raw.key) : null,
    value: raw.value ? Buffer.from(raw.value) : null,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.length === 1 ? v[0]! : v])) as Message['headers'],
    ...(to.partition !== undefined ? { partition: to.partition } : {}),
  };
  return send(producers, kafka, input.profileId, to.topic, message, input.copies);
}
