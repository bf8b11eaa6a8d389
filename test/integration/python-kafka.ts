import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { LabInfo } from '../../electron/lab';
import { displayJson } from '../../shared/exact-json';

const root = join(import.meta.dirname, '..', '..');
let python: string | undefined;

/** The venv python with confluent-kafka (created once by scripts/python-kafka.sh). */
export function kafkaPython(): string {
  python ??= execFileSync('bash', [join(root, 'scripts', 'python-kafka.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return python;
}

export interface PyRecord {
  partition?: number;
  key?: string | null;
  keyFormat?: 'string' | 'hex';
  value?: unknown;
  format?: 'json' | 'string' | 'hex' | 'avro' | 'protobuf' | 'protobuf-serializer' | 'protobuf-framed' | 'jsonschema';
  headers?: Record<string, string>;
  timestamp?: number;
}

/**
 * Produces with confluent-kafka (an independent client); returns [partition, offset] per record in delivery order.
 * Values reach Python exactly: bigints as integer literals, NaN and ±Infinity as Python's json reads them.
 */
export function pythonProduce(
  lab: LabInfo,
  topic: string,
  records: PyRecord[],
  options: { schemas?: Record<string, string>; compression?: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd' } = {},
): [number, number][] {
  const job = { bootstrap: lab.kafka.plaintext, registry: lab.registry?.url ?? null, topic, records, schemas: options.schemas ?? {}, compression: options.compression ?? 'none' };
  const out = execFileSync(kafkaPython(), [join(root, 'test', 'fixtures', 'kafka', 'produce.py')], {
    input: displayJson(job),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as [number, number][];
}

/** Reads `count` values of partition 0 with confluent-kafka (test/fixtures/kafka/consume.py): JSON text per value, digits exact. */
export function pythonConsume(lab: LabInfo, topic: string, count: number, format: 'avro' | 'protobuf'): string[] {
  const job = { bootstrap: lab.kafka.plaintext, registry: lab.registry?.url ?? null, topic, count, format };
  const out = execFileSync(kafkaPython(), [join(root, 'test', 'fixtures', 'kafka', 'consume.py')], { input: JSON.stringify(job), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  return out.trim().split('\n');
}

/** A record's exact bytes as hex (null stays null); headers in order. */
export interface RawPyRecord {
  partition?: number;
  key: string | null;
  value: string | null;
  headers: [string, string | null][];
}

/** Writes records byte for byte with confluent-kafka (test/fixtures/kafka/raw_records.py); returns [partition, offset] each. */
export function pythonProduceRaw(lab: LabInfo, topic: string, records: RawPyRecord[]): [number, number][] {
  const job = { mode: 'produce', bootstrap: lab.kafka.plaintext, topic, records };
  const out = execFileSync(kafkaPython(), [join(root, 'test', 'fixtures', 'kafka', 'raw_records.py')], { input: JSON.stringify(job), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  return JSON.parse(out) as [number, number][];
}

/** Reads `count` records of a partition from an offset with confluent-kafka, every byte as hex. */
export function pythonConsumeRaw(lab: LabInfo, topic: string, partition: number, offset: number, count: number): (RawPyRecord & { offset: number })[] {
  const job = { mode: 'consume', bootstrap: lab.kafka.plaintext, topic, partition, offset, count };
  const out = execFileSync(kafkaPython(), [join(root, 'test', 'fixtures', 'kafka', 'raw_records.py')], { input: JSON.stringify(job), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  return out.trim().split('\n').map((l) => JSON.parse(l) as RawPyRecord & { offset: number });
}

/** Every record of a topic as confluent-kafka reads it with isolation.level=read_committed (an independent reader), exact bytes as hex. */
export function pythonDumpCommitted(lab: LabInfo, topic: string): (RawPyRecord & { partition: number; offset: number })[] {
  const job = { mode: 'dump', bootstrap: lab.kafka.plaintext, topic };
  const out = execFileSync(kafkaPython(), [join(root, 'test', 'fixtures', 'kafka', 'raw_records.py')], { input: JSON.stringify(job), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 120_000, maxBuffer: 256 << 20 });
  return out.trim() === '' ? [] : out.trim().split('\n').map((l) => JSON.parse(l) as RawPyRecord & { partition: number; offset: number });
}
