import type { RawBroker, RawRequest } from './kafkajs-cluster';
// kafkajs ships its wire encoder/decoder but no DescribeLogDirs request; this adds that one request.
import Decoder from 'kafkajs/src/protocol/decoder.js';
import Encoder from 'kafkajs/src/protocol/encoder.js';

const DESCRIBE_LOG_DIRS = 35;

/**
 * DescribeLogDirs v1 (non-flexible; Kafka 4 still serves v1–v4) for all topics:
 * bytes on disk per partition, summed per topic. Replicas on other brokers are not double-counted:
 * only the leader's size is taken, by the caller passing each broker the partitions it leads.
 */
export async function describeLogDirSizes(broker: RawBroker): Promise<Map<string, Map<number, number>>> {
  const request: RawRequest = {
    request: {
      apiKey: DESCRIBE_LOG_DIRS,
      apiVersion: 1,
      apiName: 'DescribeLogDirs',
      encode: async () => new Encoder().writeInt32(-1), // null topics array: every topic
    },
    response: {
      decode: async (raw: Buffer) => {
        const d = new Decoder(raw);
        d.readInt32(); // throttle_time_ms
        return d.readArray((r: Decoder) => ({
          errorCode: r.readInt16(),
          logDir: r.readString(),
          topics: r.readArray((t: Decoder) => ({
            name: t.readString(),
            partitions: t.readArray((p: Decoder) => {
              const partition = p.readInt32();
              const size = Number(p.readInt64());
              p.readInt64(); // offset_lag
              const isFuture = p.readBoolean();
              return { partition, size, isFuture };
            }),
          })),
        }));
      },
      parse: async (decoded: unknown) => decoded,
    },
  };
  type Dirs = { errorCode: number; topics: { name: string; partitions: { partition: number; size: number; isFuture: boolean }[] }[] }[];
  const dirs = (await broker.connectionPool.send(request)) as Dirs;
  const sizes = new Map<string, Map<number, number>>();
  for (const dir of dirs) {
    if (dir.errorCode !== 0) continue;
    for (const t of dir.topics) {
      const perPartition = sizes.get(t.name) ?? new Map<number, number>();
      for (const p of t.partitions) if (!p.isFuture) perPartition.set(p.partition, p.size);
      sizes.set(t.name, perPartition);
    }
  }
  return sizes;
}
