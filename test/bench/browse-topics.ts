// Topics for bench:browse, created once per lab and reused while they hold the expected record count.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import avro from 'avsc';
import { Kafka, logLevel } from 'kafkajs';
import type { LabInfo } from '../../electron/lab';
import { kafkaPython } from '../integration/python-kafka';
import { registerSchema } from '../integration/registry-fixtures';

export const PARTITIONS = 6;
const KCAT = process.env.KCAT ?? '/usr/bin/kcat';

const currencies = ['EUR', 'USD', 'GBP'];
function order(i: number) {
  return { id: i, user: `user-${i % 977}`, amount: ((i * 7919) % 100000) / 100, currency: currencies[i % 3]!, status: i % 10 === 0 ? 'failed' : 'ok', note: '' };
}

/** ~200 bytes of JSON text. */
export function jsonValue(i: number): string {
  const v = order(i);
  v.note = 'n'.repeat(Math.max(0, 200 - JSON.stringify(v).length));
  return JSON.stringify(v);
}

/** ~200 bytes of JSON text like jsonValue's, with a 19-digit id (past 2^53, as snowflake ids are): the exact parse. */
export function bigIdJsonValue(i: number): string {
  const bare = JSON.stringify(order(i)).replace(/^\{"id":\d+/, `{"id":${10n ** 18n + BigInt(i)}`);
  return bare.replace('"note":""', `"note":"${'n'.repeat(Math.max(0, 200 - bare.length))}"`);
}

export const AVRO_SCHEMA = {
  type: 'record',
  name: 'BenchOrder',
  namespace: 'floe.bench',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'user', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'currency', type: 'string' },
    { name: 'status', type: 'string' },
    { name: 'createdAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'note', type: 'string' },
  ],
} as const;
const avroType = avro.Type.forSchema(AVRO_SCHEMA as unknown as avro.Schema);
const T0 = Date.UTC(2026, 0, 1);

/** ~200 bytes: the Confluent wire format (magic 0, schema id) around an Avro BenchOrder. */
export function avroValue(i: number, schemaId: number): Buffer {
  const v = { ...order(i), createdAt: T0 + i * 10, tags: ['bench', `shard-${i % 16}`] };
  const bare = avroType.toBuffer(v);
  v.note = 'n'.repeat(Math.max(0, 195 - bare.length - 1));
  const body = avroType.toBuffer(v);
  const out = Buffer.alloc(5 + body.length);
  out.writeInt32BE(schemaId, 1);
  body.copy(out, 5);
  return out;
}

/** Registers the bench schema under the subject (idempotent); returns its id. */
export function registerAvroSchema(registryUrl: string, subject: string): Promise<number> {
  return registerSchema(registryUrl, subject, JSON.stringify(AVRO_SCHEMA));
}

/** Creates the topic and fills it unless it already holds `records`; returns whether it produced. */
async function ensureTopic(lab: LabInfo, topic: string, records: number, fill: (dir: string) => void): Promise<boolean> {
  const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = (await admin.listTopics()).includes(topic) ? await admin.fetchTopicOffsets(topic) : [];
    const held = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    if (held === records) return false;
    if (offsets.length) {
      await admin.deleteTopics({ topics: [topic] });
      await new Promise((r) => setTimeout(r, 1000));
    }
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const dir = mkdtempSync(join(tmpdir(), 'floe-bench-'));
  try {
    fill(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return true;
}

/** Writes `records` pieces to a file in chunks (10M records are more than one string or Buffer can hold). */
function writeChunked(file: string, records: number, piece: (i: number) => string | Buffer[]): void {
  const fd = openSync(file, 'w');
  try {
    for (let start = 0; start < records; start += 50_000) {
      const parts: (string | Buffer)[] = [];
      for (let i = start; i < Math.min(records, start + 50_000); i++) {
        const p = piece(i);
        if (typeof p === 'string') parts.push(p);
        else parts.push(...p);
      }
      writeSync(fd, typeof parts[0] === 'string' ? Buffer.from((parts as string[]).join('')) : Buffer.concat(parts as Buffer[]));
    }
  } finally {
    closeSync(fd);
  }
}

export type Compression = 'none' | 'lz4' | 'zstd';

/** JSON values as kcat lines (key TAB value), produced with kcat, its batches compressed with `compression`. */
export function ensureJsonTopic(lab: LabInfo, topic: string, records: number, value: (i: number) => string = jsonValue, compression: Compression = 'none'): Promise<boolean> {
  return ensureTopic(lab, topic, records, (dir) => {
    const file = join(dir, 'records.txt');
    writeChunked(file, records, (i) => `k${i}\t${value(i)}\n`);
    execFileSync('bash', ['-c', `${KCAT} -P -b ${lab.kafka.plaintext} -t ${topic} -K '\t' -z ${compression} -X linger.ms=20 -X batch.num.messages=10000 < ${file}`]);
  });
}

/**
 * Avro values encoded here with avsc, produced byte-exact from a length-framed file by confluent-kafka: keys `k<i>`,
 * record i in partition i % PARTITIONS; with `keyOf`, those keys, each in its key's partition (murmur2).
 */
export function ensureAvroTopic(lab: LabInfo, topic: string, records: number, schemaId: number, keyOf?: (i: number) => string): Promise<boolean> {
  return ensureTopic(lab, topic, records, (dir) => {
    const file = join(dir, 'records.bin');
    writeChunked(file, records, (i) => {
      const key = Buffer.from(keyOf ? keyOf(i) : `k${i}`);
      const value = avroValue(i, schemaId);
      const head = Buffer.alloc(4);
      head.writeUInt32BE(key.length);
      const mid = Buffer.alloc(4);
      mid.writeUInt32BE(value.length);
      return [head, key, mid, value];
    });
    const out = execFileSync(kafkaPython(), [join(import.meta.dirname, 'produce_frames.py'), lab.kafka.plaintext, topic, String(PARTITIONS), file, ...(keyOf ? ['by-key'] : [])], { encoding: 'utf8' });
    if (Number(out.trim()) !== records) throw new Error(`produced ${out.trim()} of ${records} Avro records`);
  });
}
