// A 100,000-record DLQ replay under faults: `floe replay resume` killed with -9 at random moments 12 times, the
// broker restarted once under a running replay, then a clean run to the end. confluent-kafka, reading the target
// read_committed, must find each dead letter exactly once: keys, values, headers, counts and per-partition order.
// A lab of its own, so restarting its broker disturbs no other test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, stopLab, type LabInfo } from '../../../electron/lab';
import type { ReplayJob } from '../../../shared/model/replay';
import { floeRun } from '../cli/floe-process';
import { pythonDumpCommitted } from '../python-kafka';
import { seededRandom } from '../seeded-random';
import { exactProducer } from '../exact-producer';

const root = join(import.meta.dirname, '..', '..', '..');
const SEED = Number(process.env.FLOE_FAULT_SEED ?? 20261130);
const KILLS = 12;
const RECORDS = 100_000;
const PARTITIONS = 6;
const dlq = 'fault-orders-dlq';
const target = 'fault-orders-replayed';

let lab: LabInfo;
const home = mkdtempSync(join(tmpdir(), 'floe-replay-fault-lab-'));
const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-replay-fault-home-')), FLOE_LAB_HOME: home, FLOE_NO_KEYRING: '1' };
const log = (line: string) => process.stderr.write(`[replay-faults] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Dead letter i: partition i % 6, ~200 bytes, Connect's error headers naming source partition i % 6 and offset i. */
const value = (i: number) => `{"order": ${i}, "amount": "${'x'.repeat(i % 50)}", "note": "${'n'.repeat(100)}"}`;

beforeAll(async () => {
  lab = await startLab({ home, onProgress: log });
  const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: dlq, numPartitions: PARTITIONS }, { topic: target, numPartitions: PARTITIONS }], waitForLeaders: true });
  await admin.disconnect();
  const producer = exactProducer(kafka);
  await producer.connect();
  for (let i = 0; i < RECORDS; i += 5000)
    await producer.send({
      topic: dlq,
      acks: -1,
      messages: Array.from({ length: 5000 }, (_, j) => {
        const n = i + j;
        return { partition: n % PARTITIONS, key: `order-${n}`, value: value(n), headers: { '__connect.errors.topic': 'orders', '__connect.errors.partition': String(n % PARTITIONS), '__connect.errors.offset': String(n), '__connect.errors.exception.class.name': 'org.apache.kafka.connect.errors.DataException', trace: `t-${n}` } };
      }),
    });
  await producer.disconnect();
}, 300_000);

afterAll(async () => {
  await stopLab({ home });
});

/** `floe replay resume ID --json`; `replaying` settles at its first committed transaction (or its exit). */
function resume(id: string): ChildProcess & { replaying: Promise<void>; sent: () => number; errText: () => string } {
  const child = spawn(process.execPath, [join(root, 'bin/floe.mjs'), 'replay', 'resume', id, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  /** Records sent so far, by the last complete progress line. */
  const sent = () => Number([...out.matchAll(/"sent":(\d+)/g)].at(-1)?.[1] ?? -1);
  let atStart = -1;
  const replaying = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out = (out + d).slice(-4000);
      if (atStart < 0) atStart = sent();
      else if (sent() > atStart) resolve();
    });
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGKILL' && code !== 0) log(`resume exited ${code}: ${err.trim()}`);
  });
  return Object.assign(child, { replaying, sent, errText: () => err });
}

const exited = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null || child.signalCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));

describe('replay under faults', () => {
  it(`holds each of ${RECORDS.toLocaleString('en-US')} dead letters exactly once after ${KILLS} kill -9s and a broker restart (confluent-kafka, read_committed)`, async () => {
    const made = await floeRun(['replay', '--from-dlq', dlq, '--to', target, '--rate', '6000', '--no-run', '--json'], env);
    expect(made.status, made.stderr).toBe(0);
    const id = (JSON.parse(made.stdout) as ReplayJob).id;
    const next = seededRandom(SEED);
    const restartAt = Math.floor(KILLS / 2);
    let finished = false;
    for (let cycle = 0; cycle < KILLS && !finished; cycle++) {
      const child = resume(id);
      await Promise.race([child.replaying, sleep(60_000)]);
      if (cycle === restartAt) {
        log('restarting the broker under the running replay');
        await stopLab({ home });
        lab = await startLab({ home, onProgress: log });
        await sleep(3000);
        expect(child.exitCode).toBeNull(); // it waits for the broker and goes on from its committed position
      }
      const after = Math.floor(next() * 1500);
      await sleep(after);
      child.kill('SIGKILL');
      finished = (await exited(child)) === 0; // it finished before this kill
      log(`cycle ${cycle}: ${finished ? 'finished' : 'killed'} ${after} ms after its first commit, at ${child.sent()} sent`);
    }
    // A clean run to the end (a done job is never run again: resuming it is refused).
    if (!finished) {
      const final = resume(id);
      expect(await exited(final), final.errText()).toBe(0);
    }
    const status = await floeRun(['replay', 'status', id, '--json'], env);
    expect(JSON.parse(status.stdout) as ReplayJob).toMatchObject({ status: 'done', progress: { sent: RECORDS, read: RECORDS, total: RECORDS } });

    const records = pythonDumpCommitted(lab, target);
    expect(records).toHaveLength(RECORDS);
    const text = (hex: string | null) => (hex === null ? null : Buffer.from(hex, 'hex').toString('utf8'));
    for (let p = 0; p < PARTITIONS; p++) {
      const inPartition = records.filter((r) => r.partition === p);
      const expected = Array.from({ length: RECORDS / PARTITIONS + (p < RECORDS % PARTITIONS ? 1 : 0) }, (_, k) => k * PARTITIONS + p);
      expect(inPartition.map((r) => text(r.key))).toEqual(expected.map((n) => `order-${n}`));
      inPartition.forEach((r, k) => {
        const n = expected[k]!;
        expect(text(r.value)).toBe(value(n));
        const headers = r.headers.map(([name, v]) => [name, text(v)]);
        expect(headers.slice(0, 2)).toEqual([['trace', `t-${n}`], ['floe.replay.id', id]]);
        expect(headers.slice(2, 5)).toEqual([['floe.replay.source.topic', dlq], ['floe.replay.source.partition', String(p)], ['floe.replay.source.offset', String(k)]]);
        expect(headers.some(([name]) => name!.startsWith('__connect.errors.'))).toBe(false);
      });
    }
  }, 900_000);
});
