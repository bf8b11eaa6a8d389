import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** The lab's Kafka jars (the Java client with snappy-java, lz4-java and zstd-jni), if the lab resolved them. */
export function kafkaLibs(): string | null {
  const libs = join(process.env.FLOE_CACHE_DIR ?? join(homedir(), '.cache', 'floe'), 'kafka-4.3.1', 'libs');
  return existsSync(join(libs, 'kafka-clients-4.3.1.jar')) ? libs : null;
}

/** Produces with Kafka's Java client (test/fixtures/kafka/JavaProduce.java) to partition 0: key java-i, value {"i":i,"codec":…}. */
export function javaProduce(bootstrap: string, topic: string, compression: string, count: number): void {
  const libs = kafkaLibs();
  if (!libs) throw new Error('the lab has not resolved the Kafka jars');
  execFileSync('java', ['-cp', join(libs, '*'), join(root, 'test', 'fixtures', 'kafka', 'JavaProduce.java'), bootstrap, topic, compression, String(count)], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
}

/** Produces lines "key\tvalue" with kcat (librdkafka 2.0) to partition 0 with the given codec. */
export function kcatProduce(bootstrap: string, topic: string, compression: string, lines: string[]): void {
  execFileSync('kcat', ['-b', bootstrap, '-P', '-t', topic, '-p', '0', '-z', compression, '-K', '\t', '-X', 'linger.ms=50'], { input: lines.join('\n') + '\n', stdio: ['pipe', 'ignore', 'pipe'], timeout: 60_000 });
}

export const hasKcat = () => existsSync('/usr/bin/kcat') || existsSync('/usr/local/bin/kcat');
