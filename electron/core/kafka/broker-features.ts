import type { RawBroker, RawRequest } from './kafkajs-cluster';
import Decoder from 'kafkajs/src/protocol/decoder.js';
import Encoder from 'kafkajs/src/protocol/encoder.js';

const API_VERSIONS = 18;

/** metadata.version feature levels → the Kafka release that introduced them (read off the Kafka 4.3.1 jar's MetadataVersion). */
const METADATA_VERSIONS: Record<number, string> = {
  1: '3.0-IV1', 2: '3.1-IV0', 3: '3.2-IV0', 4: '3.3-IV0', 5: '3.3-IV1', 6: '3.3-IV2', 7: '3.3-IV3', 8: '3.4-IV0',
  9: '3.5-IV0', 10: '3.5-IV1', 11: '3.5-IV2', 12: '3.6-IV0', 13: '3.6-IV1', 14: '3.6-IV2', 15: '3.7-IV0', 16: '3.7-IV1',
  17: '3.7-IV2', 18: '3.7-IV3', 19: '3.7-IV4', 20: '3.8-IV0', 21: '3.9-IV0', 22: '4.0-IV0', 23: '4.0-IV1', 24: '4.0-IV2',
  25: '4.0-IV3', 26: '4.1-IV0', 27: '4.1-IV1', 28: '4.2-IV0', 29: '4.2-IV1', 30: '4.3-IV0', 31: '4.4-IV0',
};

export interface BrokerFeatures {
  /** Highest metadata.version the broker software supports. */
  supportedLevel?: number;
  /** The level the cluster runs at (finalized). */
  finalizedLevel?: number;
}

/**
 * Kafka does not send its version string over the protocol; ApiVersions v3 (KIP-584) does carry the
 * metadata.version feature, which names a release. kafkajs speaks ApiVersions v2 only, so this sends
 * v3 itself: request header v2 is header v1 plus an empty tagged-field section, written first here.
 */
export async function brokerFeatures(broker: RawBroker): Promise<BrokerFeatures> {
  const request: RawRequest = {
    request: {
      apiKey: API_VERSIONS,
      apiVersion: 3,
      apiName: 'ApiVersions',
      encode: async () => new Encoder().writeUVarInt(0).writeUVarIntString('floe').writeUVarIntString('1').writeUVarInt(0),
    },
    response: { decode: async (raw: Buffer) => decodeFeatures(raw), parse: async (decoded: unknown) => decoded },
  };
  return (await broker.connectionPool.send(request)) as BrokerFeatures;
}

function decodeFeatures(raw: Buffer): BrokerFeatures {
  const d = new Decoder(raw);
  const errorCode = d.readInt16();
  if (errorCode !== 0) return {};
  d.readUVarIntArray((r) => (r.readInt16(), r.readInt16(), r.readInt16(), r.readTaggedFields()));
  d.readInt32(); // throttle_time_ms
  const features: BrokerFeatures = {};
  const tags = d.readUVarInt();
  for (let i = 0; i < tags; i++) {
    const tag = d.readUVarInt();
    const body = new Decoder(d.readBytes(d.readUVarInt())); // tagged-field sizes are plain varints, not compact (+1)
    const levels = (maxFirst: boolean) =>
      body.readUVarIntArray((r) => {
        const name = r.readUVarIntString();
        const a = r.readInt16();
        const b = r.readInt16();
        r.readTaggedFields();
        return { name, max: maxFirst ? a : b };
      }) ?? [];
    if (tag === 0) features.supportedLevel = levels(false).find((f) => f.name === 'metadata.version')?.max;
    if (tag === 2) features.finalizedLevel = levels(true).find((f) => f.name === 'metadata.version')?.max;
  }
  return features;
}

/** "Kafka 4.3 (metadata.version 4.3-IV0)", or undefined when the broker said nothing usable. */
export function describeKafkaVersion(f: BrokerFeatures): string | undefined {
  const supported = f.supportedLevel === undefined ? undefined : METADATA_VERSIONS[f.supportedLevel];
  const finalized = f.finalizedLevel === undefined ? undefined : (METADATA_VERSIONS[f.finalizedLevel] ?? `level ${f.finalizedLevel}`);
  if (!supported && !finalized) return f.supportedLevel ? `newer than Kafka 4.4 (metadata.version level ${f.supportedLevel})` : undefined;
  const release = supported ? `Kafka ${supported.split('-')[0]}` : 'Kafka';
  return finalized ? `${release} (metadata.version ${finalized})` : release;
}
