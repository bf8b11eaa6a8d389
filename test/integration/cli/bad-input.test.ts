// Issue 7 item 7: wrong command lines get a clear refusal (exit 2) and change nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { floeRun } from './floe-process';
import { exactProducer } from '../exact-producer';

const lab = inject('lab');
const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-cli-input-')), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
const floe = (...args: string[]) => floeRun(args, env);
const topic = `cli-input-${Date.now().toString(36)}`;
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const endOffset = async () => Number((await admin.fetchTopicOffsets(topic))[0]?.high);

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  const producer = exactProducer(kafka);
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'a', value: 'first' }, { key: 'b', value: 'second' }] });
  await producer.disconnect();
});
afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe('floe consume --from', () => {
  // The three, and a negative @epoch-ms (Kafka took it as "latest"); the parser's cases are unit tests.
  it.each([['--from=-5'], ['--from', 'x 7'], ['--from', '2024-02-30'], ['--from', '@-5']])(
    'refuses %s %s',
    async (...from: string[]) => {
      const run = await floe('consume', topic, ...from);
      expect(run.status, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^floe: --from /);
    },
  );

  it('takes a real ISO-8601 time (a leap day too), an offset and @epoch-ms', async () => {
    for (const from of ['2024-02-29T01:00:00+01:00', '@0']) {
      const run = await floe('consume', topic, '--from', from);
      expect(run.status, `${from}: ${run.stderr}`).toBe(0);
    }
    expect((await floe('consume', topic, '--from', '1')).stdout).toMatch(/^0\/1\t/);
  });

  it('group-reset --to timestamp: refuses an impossible date', async () => {
    const run = await floe('group-reset', 'g', '--topic', topic, '--to', 'timestamp:2024-02-30', '--dry-run');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--to/);
  });
});

describe('cluster flags', () => {
  it.each([
    [['--registry', 'http://127.0.0.1:1'], /--registry/],
    [['--security', 'SSL'], /--security/],
    [['--ca', '/nonexistent.pem'], /--ca/],
    [['--tls-ca', '/nonexistent.pem'], /--tls-ca/],
    [['--username', 'me'], /--username/],
  ])('refuses %o without --bootstrap instead of ignoring it', async (flags, named) => {
    const run = await floe('topics', ...flags);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(named);
    expect(run.stderr).toMatch(/--bootstrap/);
  });

  it('refuses TLS files on a cluster that does not use TLS', async () => {
    const run = await floe('topics', '--bootstrap', lab.kafka.plaintext, '--tls-ca', lab.kafka.caPemPath);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--security SSL/);
  });

  it('TLS files are --tls-ca, --tls-cert, --tls-key (mutual TLS against the lab); --ca still works', async () => {
    const ssl = await floe('topics', '--bootstrap', lab.kafka.ssl, '--security', 'SSL', '--tls-ca', lab.kafka.caPemPath);
    expect(ssl.status, ssl.stderr).toBe(0);
    const old = await floe('topics', '--bootstrap', lab.kafka.ssl, '--security', 'SSL', '--ca', lab.kafka.caPemPath);
    expect(old.status, old.stderr).toBe(0);
    if (!lab.kafka.mtls || !lab.kafka.clientCertPemPath || !lab.kafka.clientKeyPemPath) return;
    const mtls = await floe('topics', '--bootstrap', lab.kafka.mtls, '--security', 'SSL', '--tls-ca', lab.kafka.caPemPath, '--tls-cert', lab.kafka.clientCertPemPath, '--tls-key', lab.kafka.clientKeyPemPath);
    expect(mtls.status, mtls.stderr).toBe(0);
    expect(mtls.stdout).toContain(topic);
  });

  it('--key is never a TLS file: outside produce it is refused with a pointer to --tls-key', async () => {
    const run = await floe('topics', '--key', '/some/key.pem');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--tls-key/);
  });
});

describe('floe produce', () => {
  it('without --value is refused and writes nothing', async () => {
    const before = await endOffset();
    const run = await floe('produce', topic);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--value/);
    expect(run.stderr).toMatch(/--null-value/);
    expect(await endOffset()).toBe(before);
  });

  it('--key is the record key (as the README shows); --null-value writes a tombstone on purpose', async () => {
    const keyed = await floe('produce', topic, '--key', 'k1', '--value', '{"id":1}', '--value-format', 'json', '--json');
    expect(keyed.status, keyed.stderr).toBe(0);
    const tombstone = await floe('produce', topic, '--key', 'k1', '--null-value');
    expect(tombstone.status, tombstone.stderr).toBe(0);
    const end = await endOffset();
    const read = await floe('consume', topic, '--from', String(end - 2), '--json');
    const rows = read.stdout.trim().split('\n').map((l) => JSON.parse(l) as { key: unknown; value: unknown });
    expect(rows).toEqual([expect.objectContaining({ key: 'k1', value: { id: 1 } }), expect.objectContaining({ key: 'k1', value: null })]);
  });

  it('refuses two values, and a value file it cannot read, by name', async () => {
    const before = await endOffset();
    expect((await floe('produce', topic, '--value', 'x', '--null-value')).status).toBe(2);
    const file = join(tmpdir(), `floe-value-${Date.now()}.txt`);
    writeFileSync(file, 'from a file');
    expect((await floe('produce', topic, '--value', 'x', '--value-file', file)).status).toBe(2);
    const missing = await floe('produce', topic, '--value-file', '/nonexistent/value.json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^floe: Cannot read --value-file \/nonexistent\/value\.json/);
    expect(await endOffset()).toBe(before);
  });
});

describe('floe sql --out', () => {
  it('names the missing folder, not an internal staging path', async () => {
    const run = await floe('sql', 'SELECT 1 AS a', '--out', '/nonexistent/x.csv');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^floe: Cannot write \/nonexistent\/x\.csv: the folder \/nonexistent does not exist/);
    expect(run.stderr).not.toMatch(/exports|ENOENT|rename/);
  });

  it('names a path part that is a file', async () => {
    const file = join(env.FLOE_HOME, 'plain-file');
    writeFileSync(file, '');
    const run = await floe('sql', 'SELECT 1 AS a', '--out', join(file, 'x.csv'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/is not a folder/);
    expect(run.stderr).not.toMatch(/exports|ENOTDIR/);
  });
});
