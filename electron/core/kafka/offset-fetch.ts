import type { RawBroker, RawRequest } from './kafkajs-cluster';
import Decoder from 'kafkajs/src/protocol/decoder.js';

/**
 * OffsetFetch v7 (flexible) with require_stable: kafkajs speaks only v1–v4, which cannot ask for it. A group
 * whose offsets are committed in transactions must be read stable, or an offset whose transaction committed
 * a moment ago may not be visible yet (KIP-447): the broker then answers UNSTABLE_OFFSET_COMMIT (88).
 */
const OFFSET_FETCH = 9;
const VERSION = 7;
export const UNSTABLE_OFFSET_COMMIT = 88;

export interface CommittedOffset {
  partition: number;
  /** -1 when the group has none for the partition. */
  offset: number;
  metadata: string | null;
  errorCode: number;
}

function uvarint(out: number[], v: number) {
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

function compactString(out: number[], s: string) {
  const bytes = Buffer.from(s, 'utf8');
  uvarint(out, bytes.length + 1);
  for (const b of bytes) out.push(b);
}

export function encodeOffsetFetch(groupId: string, topic: string, partitions: number[]): Buffer {
  // kafkajs writes request header v1; a flexible request's header v2 adds an empty tagged-field section.
  const out: number[] = [0];
  compactString(out, groupId);
  uvarint(out, 2); // one topic
  compactString(out, topic);
  uvarint(out, partitions.length + 1);
  for (const p of partitions) out.push((p >>> 24) & 255, (p >>> 16) & 255, (p >>> 8) & 255, p & 255);
  out.push(0); // topic tagged fields
  out.push(1); // require_stable
  out.push(0); // tagged fields
  return Buffer.from(out);
}

export function decodeOffsetFetch(raw: Buffer): { errorCode: number; partitions: CommittedOffset[] } {
  const d = new Decoder(raw);
  d.readTaggedFields(); // response header v1
  d.readInt32(); // throttle_time_ms
  const partitions: CommittedOffset[] = [];
  const topics = d.readUVarInt() - 1;
  for (let t = 0; t < topics; t++) {
    d.readUVarIntString();
    const count = d.readUVarInt() - 1;
    for (let i = 0; i < count; i++) {
      const partition = d.readInt32();
      const offset = Number(d.readInt64());
      d.readInt32(); // committed_leader_epoch
      const metadata = d.readUVarIntString();
      const errorCode = d.readInt16();
      d.readTaggedFields();
      partitions.push({ partition, offset, metadata, errorCode });
    }
    d.readTaggedFields();
  }
  return { errorCode: d.readInt16(), partitions };
}

/** A group's committed offsets (and metadata) for partitions of one topic, asked of its coordinator, stable. */
export async function fetchCommittedOffsets(coordinator: RawBroker, groupId: string, topic: string, partitions: number[]): Promise<{ errorCode: number; partitions: CommittedOffset[] }> {
  const request: RawRequest = {
    request: { apiKey: OFFSET_FETCH, apiVersion: VERSION, apiName: 'OffsetFetch', encode: async () => ({ buf: encodeOffsetFetch(groupId, topic, partitions), buffer: encodeOffsetFetch(groupId, topic, partitions) }) },
    response: { decode: async (raw: Buffer) => decodeOffsetFetch(raw), parse: async (decoded: unknown) => decoded },
  };
  return (await coordinator.connectionPool.send(request)) as ReturnType<typeof decodeOffsetFetch>;
}
