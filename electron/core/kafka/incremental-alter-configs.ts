import type { RawBroker, RawRequest } from './kafkajs-cluster';

/**
 * IncrementalAlterConfigs (API key 44, v0: v1 is the same but flexible, which kafkajs cannot frame): changes only the named configs of one
 * resource, so two edits made at the same time both survive (kafkajs has only AlterConfigs, which
 * replaces every dynamic config of the resource).
 */
const INCREMENTAL_ALTER_CONFIGS = 44;
const RESOURCE_TOPIC = 2;

/** Kafka's config_operation codes (APPEND and SUBTRACT, for list configs, are not used). */
const OPS = { set: 0, delete: 1 } as const;

export interface ConfigChange {
  name: string;
  /** set: to `value`; delete: back to the default (the dynamic config is removed). */
  op: keyof typeof OPS;
  value?: string;
}

export interface AlterResult {
  errorCode: number;
  errorMessage: string | null;
}

function str(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  const out = Buffer.alloc(2 + bytes.length);
  out.writeInt16BE(bytes.length, 0);
  bytes.copy(out, 2);
  return out;
}

const nullableStr = (s: string | null) => (s === null ? Buffer.from([0xff, 0xff]) : str(s));
const int8 = (n: number) => Buffer.from([n & 0xff]);
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n, 0);
  return b;
};

export function encodeIncrementalAlterConfigs(topic: string, changes: ConfigChange[], validateOnly = false): Buffer {
  const parts: Buffer[] = [int32(1), int8(RESOURCE_TOPIC), str(topic), int32(changes.length)];
  for (const c of changes) parts.push(str(c.name), int8(OPS[c.op]), nullableStr(c.op === 'set' ? (c.value ?? '') : null));
  parts.push(int8(validateOnly ? 1 : 0));
  return Buffer.concat(parts);
}

/** The topic's result from a v0 response: throttle_time_ms, then [error_code, error_message, resource_type, resource_name]. */
export function decodeIncrementalAlterConfigs(raw: Buffer, topic: string): AlterResult {
  let pos = 4;
  const count = raw.readInt32BE(pos);
  pos += 4;
  for (let i = 0; i < count; i++) {
    const errorCode = raw.readInt16BE(pos);
    pos += 2;
    const messageLength = raw.readInt16BE(pos);
    pos += 2;
    const errorMessage = messageLength < 0 ? null : raw.toString('utf8', pos, pos + messageLength);
    pos += Math.max(0, messageLength);
    pos += 1; // resource_type
    const nameLength = raw.readInt16BE(pos);
    const name = raw.toString('utf8', pos + 2, pos + 2 + nameLength);
    pos += 2 + nameLength;
    if (name === topic) return { errorCode, errorMessage };
  }
  throw new Error(`IncrementalAlterConfigs response has no result for topic ${topic}`);
}

/** Sends the change to one broker (any broker forwards it to the controller). */
export async function incrementalAlterTopicConfigs(broker: RawBroker, topic: string, changes: ConfigChange[]): Promise<AlterResult> {
  const range = broker.versions?.[INCREMENTAL_ALTER_CONFIGS];
  if (range && range.maxVersion < 0) throw new Error('this broker does not support IncrementalAlterConfigs (Kafka 2.3+)');
  if (range && range.minVersion > 0) throw new Error(`this broker only serves IncrementalAlterConfigs v${range.minVersion}+, Floe sends v0`);
  const apiVersion = 0;
  const body = encodeIncrementalAlterConfigs(topic, changes);
  const request: RawRequest = {
    request: { apiKey: INCREMENTAL_ALTER_CONFIGS, apiVersion, apiName: 'IncrementalAlterConfigs', encode: async () => ({ buf: body, buffer: body }) },
    response: { decode: async (raw: Buffer) => decodeIncrementalAlterConfigs(raw, topic), parse: async (decoded: unknown) => decoded },
  };
  return (await broker.connectionPool.send(request)) as AlterResult;
}
