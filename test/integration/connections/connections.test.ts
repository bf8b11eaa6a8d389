import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ProfileDraft } from '../../../shared/model/profile';
import { startCore } from '../core-session';

const lab = inject('lab');
let core: ReturnType<typeof startCore>;

beforeAll(() => {
  core = startCore(lab.home);
});
afterAll(() => core.close());

const ca = () => readFileSync(lab.kafka.caPemPath, 'utf8');
let n = 0;
const draft = (kafka: ProfileDraft['kafka'], secrets: ProfileDraft['secrets'] = {}, extra: Partial<ProfileDraft> = {}): ProfileDraft => ({
  name: `profile ${++n}`,
  kafka,
  secrets,
  ...extra,
});

async function test(d: ProfileDraft) {
  const events: string[] = [];
  const started = performance.now();
  const report = await core.client.stream('connections.test', { draft: d }, (e) => events.push(`${e.part}:${e.state}`));
  return { report, events, ms: performance.now() - started };
}

describe('test connection against the lab', () => {
  it('lists the built-in Local lab profile while the lab runs, and it connects', async () => {
    const { profiles } = await core.client.call('connections.list', {});
    const local = profiles.find((p) => p.id === 'local-lab');
    expect(local).toMatchObject({ builtIn: true, name: 'Local lab' });
    const report = await core.client.stream('connections.test', { id: 'local-lab' }, () => undefined);
    expect(report.kafka).toMatchObject({ ok: true, info: { clusterId: lab.kafka.clusterId } });
    expect(report.registry).toMatchObject({ ok: true });
    if (lab.s3) expect(report.objectStore).toMatchObject({ ok: true, info: { canRead: true, canWrite: true } });
  });

  it.each([
    ['PLAINTEXT', () => draft({ bootstrap: [lab.kafka.plaintext], security: { protocol: 'PLAINTEXT' } })],
    ['SCRAM-SHA-256', () => draft({ bootstrap: [lab.kafka.saslScram], security: { protocol: 'SASL_PLAINTEXT', mechanism: 'SCRAM-SHA-256', username: lab.scram.username } }, { kafkaPassword: lab.scram.password })],
    ['SCRAM-SHA-512', () => draft({ bootstrap: [lab.kafka.saslScram], security: { protocol: 'SASL_PLAINTEXT', mechanism: 'SCRAM-SHA-512', username: lab.scram.username } }, { kafkaPassword: lab.scram.password })],
    ['SSL', () => draft({ bootstrap: [lab.kafka.ssl], security: { protocol: 'SSL', caPem: ca(), skipVerify: false } })],
  ])('connects over %s and reports the cluster', async (_name, make) => {
    const { report, events } = await test(make());
    expect(report.kafka.error).toBeUndefined();
    expect(report.kafka.ok).toBe(true);
    expect(report.kafka.info?.clusterId).toBe(lab.kafka.clusterId);
    expect(report.kafka.info?.brokers).toHaveLength(1);
    expect(report.kafka.info?.controllerId).not.toBeNull();
    expect(report.kafka.info?.version).toMatch(/^Kafka 4\.3 \(metadata.version 4\.3-IV\d\)$/);
    expect(events).toEqual(['kafka:running', 'kafka:done']);
  });

  it('connects over mTLS with a client certificate', async (ctx) => {
    if (!lab.kafka.mtls || !lab.kafka.clientCertPemPath || !lab.kafka.clientKeyPemPath) return ctx.skip();
    const { report } = await test(
      draft(
        { bootstrap: [lab.kafka.mtls], security: { protocol: 'SSL', caPem: ca(), clientCertPem: readFileSync(lab.kafka.clientCertPemPath, 'utf8'), skipVerify: false } },
        { kafkaClientKeyPem: readFileSync(lab.kafka.clientKeyPemPath, 'utf8') },
      ),
    );
    expect(report.kafka).toMatchObject({ ok: true, info: { clusterId: lab.kafka.clusterId } });
  });

  it('rejects a wrong SCRAM password with AUTH_FAILED, within 10 s', async () => {
    const { report, ms } = await test(
      draft({ bootstrap: [lab.kafka.saslScram], security: { protocol: 'SASL_PLAINTEXT', mechanism: 'SCRAM-SHA-512', username: lab.scram.username } }, { kafkaPassword: 'wrong' }),
    );
    expect(report.kafka.ok).toBe(false);
    expect(report.kafka.error?.code).toBe('AUTH_FAILED');
    expect(report.kafka.error?.message).toMatch(/Authentication/);
    expect(ms).toBeLessThan(10_500);
  });

  it('names TLS spoken to a plaintext port', async () => {
    const { report, ms } = await test(draft({ bootstrap: [lab.kafka.plaintext], security: { protocol: 'SSL', caPem: ca(), skipVerify: false } }));
    expect(report.kafka.ok).toBe(false);
    expect(report.kafka.error?.code).toBe('TLS_ERROR');
    expect(ms).toBeLessThan(10_500);
  });

  it('names an untrusted server certificate', async () => {
    const { report } = await test(draft({ bootstrap: [lab.kafka.ssl], security: { protocol: 'SSL', skipVerify: false } }));
    expect(report.kafka.error?.code).toBe('TLS_ERROR');
    expect(report.kafka.error?.message).toMatch(/CA certificate/);
  });

  it('answers within 10 s when plaintext meets a TLS port', async () => {
    const { report, ms } = await test(draft({ bootstrap: [lab.kafka.ssl], security: { protocol: 'PLAINTEXT' } }));
    expect(report.kafka.ok).toBe(false);
    expect(['TIMEOUT', 'UNREACHABLE']).toContain(report.kafka.error?.code);
    expect(report.kafka.error?.message).toMatch(/TLS|SASL|security protocol/);
    expect(ms).toBeLessThan(10_500);
  });

  it('names an unreachable broker and an unknown host', async () => {
    const refused = await test(draft({ bootstrap: ['127.0.0.1:1'], security: { protocol: 'PLAINTEXT' } }));
    expect(refused.report.kafka.error).toMatchObject({ code: 'UNREACHABLE' });
    expect(refused.report.kafka.error?.message).toMatch(/refused/);
    const unknown = await test(draft({ bootstrap: ['no-such-host.invalid:9092'], security: { protocol: 'PLAINTEXT' } }));
    expect(unknown.report.kafka.error).toMatchObject({ code: 'UNREACHABLE' });
    expect(unknown.report.kafka.error?.message).toMatch(/Host not found/);
  });

  it('rejects a malformed bootstrap list at the boundary', async () => {
    const error = await core.client
      .stream('connections.test', { draft: draft({ bootstrap: ['localhost'], security: { protocol: 'PLAINTEXT' } }) }, () => undefined)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_INPUT' });
    expect((error as Error).message).toMatch(/host:port/);
  });

  it('reports object-store failures by cause, beside a working Kafka', async (ctx) => {
    if (!lab.s3) return ctx.skip();
    const kafka = { bootstrap: [lab.kafka.plaintext], security: { protocol: 'PLAINTEXT' as const } };
    const s3 = { kind: 's3' as const, endpoint: lab.s3.endpoint, region: lab.s3.region, bucket: lab.s3.bucket, pathStyle: true, accessKeyId: lab.s3.accessKeyId };
    const missing = await test(draft(kafka, { s3SecretAccessKey: lab.s3.secretAccessKey }, { objectStore: { ...s3, bucket: 'no-such-bucket-floe' } }));
    expect(missing.report.kafka.ok).toBe(true);
    expect(missing.report.objectStore?.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(missing.report.objectStore?.error?.message).toMatch(/no-such-bucket-floe/);
    const wrongKeys = await test(draft(kafka, { s3SecretAccessKey: 'wrong-secret' }, { objectStore: s3 }));
    expect(wrongKeys.report.objectStore?.error?.code).toBe('AUTH_FAILED');
    const local = await test(draft(kafka, {}, { objectStore: { kind: 'local', path: `${core.dataDir}/warehouse` } }));
    expect(local.report.objectStore).toMatchObject({ ok: true, info: { kind: 'local', canRead: true, canWrite: true } });
  });

  it('reports registry failures by cause: unreachable, and HTTP 401/404/500 with their meaning', async () => {
    const kafka = { bootstrap: [lab.kafka.plaintext], security: { protocol: 'PLAINTEXT' as const } };
    const down = await test(draft(kafka, {}, { registry: { url: 'http://127.0.0.1:1' } }));
    expect(down.report.registry?.error?.code).toBe('UNREACHABLE');
    // The lab's registry runs without auth: these statuses come from a stand-in that only answers them.
    const statuses = createServer((req, res) => {
      const status = Number(req.url?.split('/')[1]);
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error_code: status, message: `status ${status}` }));
    });
    await new Promise<void>((r) => statuses.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(statuses.address() as AddressInfo).port}`;
    try {
      const codes = [];
      for (const status of [401, 404, 500]) codes.push((await test(draft(kafka, { registryPassword: 'p' }, { registry: { url: `${base}/${status}`, username: 'u' } }))).report.registry?.error);
      expect(codes.map((c) => c?.code)).toEqual(['AUTH_FAILED', 'NOT_FOUND', 'REMOTE_ERROR']);
      expect(codes[0]?.message).toMatch(/refused the credentials \(HTTP 401\)/);
      expect(codes[2]?.message).toMatch(/HTTP 500: .*status 500/);
    } finally {
      statuses.close();
    }
  });

  it('saves, tests by id, duplicates and deletes a profile; secrets stay out of the views', async () => {
    const saved = await core.client.call(
      'connections.save',
      draft({ bootstrap: [lab.kafka.saslScram], security: { protocol: 'SASL_PLAINTEXT', mechanism: 'SCRAM-SHA-256', username: lab.scram.username } }, { kafkaPassword: lab.scram.password }),
    );
    expect(JSON.stringify(saved)).not.toContain(lab.scram.password);
    const report = await core.client.stream('connections.test', { id: saved.id }, () => undefined);
    expect(report.kafka.ok).toBe(true);
    const copy = await core.client.call('connections.duplicate', { id: saved.id });
    expect((await core.client.stream('connections.test', { id: copy.id }, () => undefined)).kafka.ok).toBe(true);
    await expect(core.client.call('connections.delete', { id: copy.id })).resolves.toEqual({ deleted: true });
    expect(readFileSync(`${core.dataDir}/profiles.json`, 'utf8')).not.toContain(lab.scram.password);
  });
});
