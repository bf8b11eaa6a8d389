// `floe consume` piped into a reader slower than the scan: the scan waits for stdout instead of holding the output
// in memory, and every record still arrives once the reader catches up.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exactProducer } from '../exact-producer';

const lab = inject('lab');
const root = join(import.meta.dirname, '..', '..', '..');
const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-cli-drain-')), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
const topic = `cli-drain-${Date.now().toString(36)}`;
const RECORDS = 20_000;
const VALUE_BYTES = 8 * 1024; // 160 MB of values in all: held in memory, they would show in the RSS at once
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
  const producer = exactProducer(kafka);
  await producer.connect();
  const value = (i: number) => `${String(i).padStart(8, '0')}:${'x'.repeat(VALUE_BYTES - 9)}`;
  for (let i = 0; i < RECORDS; i += 100) await producer.send({ topic, messages: Array.from({ length: 100 }, (_, j) => ({ key: `k${i + j}`, value: value(i + j), partition: (i + j) % 2 })) });
  await producer.disconnect();
}, 180_000);

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe('floe consume into a slow pipe', () => {
  it('holds the scan back while stdout is full, then prints every record once', { timeout: 180_000 }, async () => {
    const child = spawn(process.execPath, [join(root, 'bin/floe.mjs'), 'consume', topic, '--json', '--threads', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Nobody reads stdout for 6 s: the scan must wait on the full pipe instead of buffering 160 MB of lines.
    child.stdout.pause();
    let peakWhilePaused = 0;
    for (const until = Date.now() + 6000; Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 200));
      peakWhilePaused = Math.max(peakWhilePaused, rssMb(child.pid!));
    }
    expect(child.exitCode).toBe(null); // still waiting, not done
    expect(peakWhilePaused).toBeGreaterThan(0);
    expect(peakWhilePaused).toBeLessThan(230);

    const seen = new Map<number, number>();
    let rest = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      const lines = (rest + d).split('\n');
      rest = lines.pop()!;
      for (const l of lines) {
        const value = (JSON.parse(l) as { value: string }).value;
        const i = Number(value.slice(0, 8));
        seen.set(i, (seen.get(i) ?? 0) + 1);
      }
    });
    child.stdout.resume();
    expect(await exited, stderr).toBe(0);
    expect(seen.size).toBe(RECORDS);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(stderr).toMatch(new RegExp(`^${RECORDS} of ${RECORDS} records scanned matched`, 'm'));
    console.log(`consume-backpressure: peak RSS ${peakWhilePaused.toFixed(0)} MB while stdout was not read`);
  });
});
