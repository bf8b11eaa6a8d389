import type { RawBroker, RawRequest } from './kafkajs-cluster';
import { WireWriter as Writer } from './wire-writer';

/** Fetch, v11 (non-flexible, by topic name: Kafka 2.3 through 4.x serve it). */
const FETCH = 1;
const FETCH_VERSION = 11;

export interface FetchTarget {
  partition: number;
  offset: number;
  maxBytes: number;
}

export interface FetchedPartition {
  partition: number;
  errorCode: number;
  highWatermark: number;
  logStartOffset: number;
  /** The partition's record batches as the broker sent them (a view into the response). */
  records: Buffer | null;
  /** READ_COMMITTED: transactions in this range that were aborted, by producer id and first offset. */
  abortedTransactions: { producerId: number; firstOffset: number }[];
}

export interface FetchOptions {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  /** READ_COMMITTED stops at the last stable offset and lists aborted transactions; the default reads everything. */
  readCommitted?: boolean;
}

const int64 = (buf: Buffer, at: number) => buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);

export function decodeFetchResponse(raw: Buffer): { errorCode: number; partitions: FetchedPartition[] } {
  let pos = 4; // throttle_time_ms
  const errorCode = raw.readInt16BE(pos);
  pos += 2 + 4; // error_code, session_id
  const partitions: FetchedPartition[] = [];
  const topics = raw.readInt32BE(pos);
  pos += 4;
  for (let t = 0; t < topics; t++) {
    pos += 2 + raw.readInt16BE(pos); // topic name
    const count = raw.readInt32BE(pos);
    pos += 4;
    for (let p = 0; p < count; p++) {
      const partition = raw.readInt32BE(pos);
      const partitionError = raw.readInt16BE(pos + 4);
      const highWatermark = int64(raw, pos + 6);
      const logStartOffset = int64(raw, pos + 22);
      pos += 30;
      const aborted = raw.readInt32BE(pos);
      pos += 4;
      const abortedTransactions: FetchedPartition['abortedTransactions'] = [];
      for (let a = 0; a < aborted; a++, pos += 16) abortedTransactions.push({ producerId: int64(raw, pos), firstOffset: int64(raw, pos + 8) });
      pos += 4; // preferred_read_replica
      const size = raw.readInt32BE(pos);
      pos += 4;
      const records = size < 0 ? null : raw.subarray(pos, pos + size);
      pos += Math.max(0, size);
      partitions.push({ partition, errorCode: partitionError, highWatermark, logStartOffset, records, abortedTransactions });
    }
  }
  return { errorCode, partitions };
}

/** One Fetch to one broker for partitions of one topic it leads. READ_UNCOMMITTED unless asked, no fetch session, no group. */
export async function fetchPartitions(broker: RawBroker, topic: string, targets: FetchTarget[], options: FetchOptions): Promise<FetchedPartition[]> {
  const request: RawRequest & { requestTimeout: number } = {
    request: {
      apiKey: FETCH,
      apiVersion: FETCH_VERSION,
      apiName: 'Fetch',
      encode: async () => {
        const w = new Writer().int32(-1).int32(options.maxWaitMs).int32(options.minBytes).int32(options.maxBytes).int8(options.readCommitted ? 1 : 0).int32(0).int32(-1);
        w.int32(1).string(topic).int32(targets.length);
        for (const t of targets) w.int32(t.partition).int32(-1).int64(t.offset).int64(-1).int32(t.maxBytes);
        return w.int32(0).string('').done();
      },
    },
    response: {
      decode: async (raw: Buffer) => decodeFetchResponse(raw),
      parse: async (decoded: unknown) => decoded,
    },
    requestTimeout: options.maxWaitMs + 30_000,
  };
  const { errorCode, partitions } = (await broker.connectionPool.send(request)) as ReturnType<typeof decodeFetchResponse>;
  if (errorCode !== 0) throw Object.assign(new Error(`Fetch failed with broker error code ${errorCode}`), { errorCode });
  return partitions;
}
