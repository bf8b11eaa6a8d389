import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const lab = inject('lab');
const root = join(import.meta.dirname, '..', '..', '..');
const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-cli-')), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
const floe = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/floe.mjs'), ...args], { env, encoding: 'utf8', timeout: 60_000 });
const topic = `cli-${Date.now().toString(36)}`;
const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
});
afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe('floe CLI', () => {
  it('`topics --json` lists the lab topics by default', () => {
    const run = floe('topics', '--json');
    expect(run.status, run.stderr).toBe(0);
    const list = JSON.parse(run.stdout) as { topics: { name: string; partitions: number }[] };
    expect(list.topics).toContainEqual(expect.objectContaining({ name: topic, partitions: 2 }));
  });

  it('`topics --bootstrap` with SCRAM, the password from the environment', () => {
    const run = spawnSync(
      process.execPath,
      [join(root, 'bin/floe.mjs'), 'topics', '--bootstrap', lab.kafka.saslScram, '--security', 'SASL_PLAINTEXT', '--mechanism', 'SCRAM-SHA-256', '--username', lab.scram.username],
      { env: { ...env, FLOE_KAFKA_PASSWORD: lab.scram.password }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(topic);
  });

  it('fails with one line naming the cause and a non-zero exit', () => {
    const run = floe('topics', '--bootstrap', '127.0.0.1:1');
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^floe: Connection refused by 127\.0\.0\.1:1/);
    const json = floe('topics', '--bootstrap', 'nonsense', '--json');
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'BAD_INPUT' } });
  });

  it('`lab status --json` describes the running lab', () => {
    const run = spawnSync(process.execPath, [join(root, 'bin/floe.mjs'), 'lab', 'status', '--json'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ kafka: { plaintext: lab.kafka.plaintext } });
  });

  it('refuses unknown commands and flags', () => {
    expect(floe('nope').status).toBe(2);
    const run = floe('topics', '--frobnicate');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/frobnicate/);
  });
});
