import type { RawBroker, RawRequest } from './kafkajs-cluster';
import { BufferPool } from './buffer-pool';
import { WireWriter } from './wire-writer';

/** Produce requests' buffers (a record batch is at most about 1 MiB), reused. */
const requestBuffers = new BufferPool(1 << 20, 8);

/** Produce, v3 (non-flexible, record batch v2: Kafka 0.11 through 4.x serve it). */
const PRODUCE = 0;
const PRODUCE_VERSION = 3;

export interface ProducedPartition {
  partition: number;
  errorCode: number;
  baseOffset: number;
}

export function decodeProduceResponse(raw: Buffer): ProducedPartition[] {
  const out: ProducedPartition[] = [];
  let pos = 0;
  const topics = raw.readInt32BE(pos);
  pos += 4;
  for (let t = 0; t < topics; t++) {
    pos += 2 + raw.readInt16BE(pos); // topic name
    const count = raw.readInt32BE(pos);
    pos += 4;
    for (let p = 0; p < count; p++) {
      const partition = raw.readInt32BE(pos);
      const errorCode = raw.readInt16BE(pos + 4);
      const baseOffset = Number(raw.readBigInt64BE(pos + 6));
      pos += 4 + 2 + 8 + 8; // + log_append_time_ms
      out.push({ partition, errorCode, baseOffset });
    }
  }
  return out;
}

/**
 * One Produce to the leader of these partitions: one record batch each, acks from all in-sync replicas.
 * A transactional producer names its transactional id (its batches carry the producer id and sequence).
 */
export async function producePartitions(broker: RawBroker, topic: string, batches: Map<number, Buffer>, timeoutMs = 30_000, transactionalId?: string): Promise<ProducedPartition[]> {
  const request: RawRequest & { requestTimeout: number } = {
    request: {
      apiKey: PRODUCE,
      apiVersion: PRODUCE_VERSION,
      apiName: 'Produce',
      encode: async () => {
        const size = 64 + Buffer.byteLength(topic) + Buffer.byteLength(transactionalId ?? '') + [...batches.values()].reduce((n, b) => n + b.length + 8, 0);
        const w = new WireWriter((buffer ??= requestBuffers.take(size)));
        if (transactionalId === undefined) w.int16(-1);
        else w.string(transactionalId);
        w.int16(-1).int32(timeoutMs); // acks=all
        w.int32(1).string(topic).int32(batches.size);
        for (const [partition, batch] of batches) w.int32(partition).bytes(batch);
        return w.done();
      },
    },
    response: {
      decode: async (raw: Buffer) => decodeProduceResponse(raw),
      parse: async (decoded: unknown) => decoded,
    },
    requestTimeout: timeoutMs + 5_000,
  };
  // kafkajs copies the request into its own buffer when it sends it: this one is free again once the call ends.
  let buffer: Buffer | undefined;
  try {
    return (await broker.connectionPool.send(request)) as ProducedPartition[];
  } finally {
    if (buffer) requestBuffers.give(buffer);
  }
}
