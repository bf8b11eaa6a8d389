// The lab's Kafka Connect worker: the broker's own version, the plugins the later work needs, basic
// auth, and genuine dead letters written by Connect itself (converter and transformation stages).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCore } from '../core-session';
import { ConnectRest, createTopics, deleteTopics, feed, fileSinkWithDlq, headersOf, labWithConnect, readTopic, valueText, type ConnectLab } from '../connect-fixtures';

const suffix = `${Date.now().toString(36)}`;
let lab: ConnectLab;
let rest: ConnectRest;
let core: ReturnType<typeof startCore>;

beforeAll(async () => {
  lab = await labWithConnect(inject('lab'));
  rest = new ConnectRest(lab.connect);
  core = startCore(lab.home);
}, 600_000);

afterAll(async () => {
  await core?.close();
});

describe('the lab Kafka Connect worker', () => {
  it('runs the broker version in distributed mode on 127.0.0.1, for the lab cluster', async () => {
    const root = await rest.request<{ version: string; kafka_cluster_id: string }>('GET', '/');
    expect(root.version).toBe('4.3.1');
    expect(root.kafka_cluster_id).toBe(lab.kafka.clusterId);
    expect(new URL(lab.connect.url).hostname).toBe('127.0.0.1');
    expect(lab.processes.map((p) => p.name)).toContain('connect');
  });

  it('lists the FileStreamSink, Iceberg sink and Debezium PostgreSQL plugins, and the Cast transform', async () => {
    const plugins = await rest.plugins();
    const version = (cls: string) => plugins.find((p) => p.class === cls)?.version;
    expect(version('org.apache.kafka.connect.file.FileStreamSinkConnector')).toBe('4.3.1');
    expect(version('org.apache.iceberg.connect.IcebergSinkConnector')).toMatch(/^1\.10\.1/);
    expect(version('io.debezium.connector.postgresql.PostgresConnector')).toBe('3.6.1.Final');
    expect(plugins.map((p) => p.class)).toContain('org.apache.kafka.connect.transforms.Cast$Value');
  });

  it('refuses REST calls without the lab user, or with a wrong password', async () => {
    expect((await fetch(`${lab.connect.url}/connectors`)).status).toBe(401);
    const wrong = `Basic ${Buffer.from(`${lab.connect.username}:nope`).toString('base64')}`;
    expect((await fetch(`${lab.connect.url}/connectors`, { headers: { authorization: wrong } })).status).toBe(401);
  });
});

describe('dead letters from a FileStreamSink', () => {
  const source = `connect-dlq-src-${suffix}`;
  const dlq = `connect-dlq-${suffix}`;
  const name = `dlq-file-sink-${suffix}`;
  const dir = mkdtempSync(join(tmpdir(), 'floe-connect-'));
  const file = join(dir, 'sink.txt');

  afterAll(async () => {
    await rest?.delete(name);
    if (lab) await deleteTopics(lab, [source, dlq]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends converter and Cast failures to the DLQ with the __connect.errors.* headers', async () => {
    await createTopics(lab, [{ topic: source }]);
    await rest.put(name, fileSinkWithDlq({ source, dlq, file }));
    await rest.waitRunning(name);
    const poison = {
      badJson: '{"id": 2, "amount": 1.5',
      notANumber: '{"id": 4, "amount": "twelve"}',
      nested: '{"id": 5, "amount": {"value": 3}}',
      notAnObject: '42',
    };
    await feed(lab, source, [
      { key: 'k0', value: '{"id": 1, "amount": "12.5"}' },
      { key: 'k1', value: poison.badJson },
      { key: 'k2', value: '{"id": 3, "amount": 7}' },
      { key: 'k3', value: poison.notANumber },
      { key: 'k4', value: poison.nested },
      { key: 'k5', value: poison.notAnObject },
      { key: 'k6', value: '{"id": 6, "amount": -0.25}' },
    ]);

    const dead = await readTopic(core, dlq, { atLeast: 4 });
    expect(dead).toHaveLength(4);
    expect(dead.map((r) => [r.key.value, valueText(r)])).toEqual([
      ['k1', poison.badJson],
      ['k3', poison.notANumber],
      ['k4', poison.nested],
      ['k5', poison.notAnObject],
    ]);
    const headers = dead.map(headersOf);
    expect(headers.map((h) => [h['__connect.errors.stage'], h['__connect.errors.class.name'], h['__connect.errors.offset']])).toEqual([
      ['VALUE_CONVERTER', 'org.apache.kafka.connect.json.JsonConverter', '1'],
      ['TRANSFORMATION', 'org.apache.kafka.connect.transforms.Cast$Value', '3'],
      ['TRANSFORMATION', 'org.apache.kafka.connect.transforms.Cast$Value', '4'],
      ['TRANSFORMATION', 'org.apache.kafka.connect.transforms.Cast$Value', '5'],
    ]);
    for (const h of headers) {
      expect(h).toMatchObject({ '__connect.errors.topic': source, '__connect.errors.partition': '0', '__connect.errors.connector.name': name, '__connect.errors.task.id': '0' });
      expect(h['__connect.errors.exception.class.name']).toMatch(/Exception$/);
      expect(h['__connect.errors.exception.message']).toBeTruthy();
      expect(h['__connect.errors.exception.stacktrace']?.split('\n').length).toBeGreaterThan(3);
    }
    expect(headers.map((h) => h['__connect.errors.exception.message'])).toEqual([
      expect.stringMatching(/^Converting byte\[\] to Kafka Connect data failed due to serialization error/),
      'Value (twelve) was out of range for requested data type',
      expect.stringMatching(/^Cast transformation does not support casting from MAP/),
      'Only Map objects supported in absence of schema for [cast types], found: java.lang.Long',
    ]);

    // The good records went through the Cast into the file.
    await expect.poll(() => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0), { timeout: 20_000 }).toBe(3);
    // FileStreamSink writes each value's toString(): a Java map, `{amount=12.5, id=1}`, in hash order.
    const written = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => Object.fromEntries(line.replace(/^\{|\}$/g, '').split(', ').map((pair) => pair.split('='))));
    expect(written).toEqual([
      { id: '1', amount: '12.5' },
      { id: '3', amount: '7.0' },
      { id: '6', amount: '-0.25' },
    ]);
  });
});
