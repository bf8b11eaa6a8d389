// What goes wrong with a Connect cluster, each with its own message: a config the plugin rejects (field by
// field, nothing created), a plugin that is not installed, a name taken, an unreachable worker (and a
// second worker that answers instead), wrong credentials, a 409 while the cluster rebalances (retried with
// back-off and said), a profile without Connect. Also: the cluster's password is sealed.
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ProfileDraft } from '../../../shared/model/profile';
import { startCore } from '../core-session';
import { ConnectRest, labWithConnect, type ConnectLab } from '../connect-fixtures';
import { fileSinkConfig, LAB, type Core } from './connect-kit';
import { REBALANCE_EXPECTED, rebalancingProxy, type RebalancingProxy } from './rebalancing-proxy';

const suffix = Date.now().toString(36);
let lab: ConnectLab;
let rest: ConnectRest;
let core: Core;
let proxy: RebalancingProxy;
let closedPort: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A saved profile on the lab's Kafka with the given Connect cluster. */
async function profileWith(name: string, cluster: { urls: string[]; username?: string }, password?: string): Promise<string> {
  const draft: ProfileDraft = {
    name: `${name}-${suffix}`,
    kafka: { bootstrap: [lab.kafka.plaintext], security: { protocol: 'PLAINTEXT' } },
    connect: [{ id: 'c1', name, ...cluster }],
    ...(password !== undefined ? { secrets: { connect: { c1: { password } } } } : {}),
  };
  return (await core.client.call('connections.save', draft)).id;
}

beforeAll(async () => {
  lab = await labWithConnect(inject('lab'));
  rest = new ConnectRest(lab.connect);
  core = startCore(lab.home);
  proxy = await rebalancingProxy(lab.connect.url);
  closedPort = await freePort();
}, 600_000);

afterAll(async () => {
  await proxy?.close();
  await core?.close();
});

describe('configs and plugins the worker refuses', () => {
  it('shows the plugin’s errors field by field and creates nothing', async () => {
    const name = `bad-config-${suffix}`;
    const config = { ...fileSinkConfig('t', '/tmp/x'), 'tasks.max': 'abc', 'errors.tolerance': 'bogus' };
    delete (config as Record<string, string>).topics;
    const result = await core.client.call('connect.save', { ...LAB, name, config, mode: 'create' });
    expect(result.saved).toBe(false);
    const errors = Object.fromEntries(result.validation.fields.filter((f) => f.errors.length).map((f) => [f.name, f.errors]));
    expect(errors['tasks.max']).toContain('Invalid value abc for configuration tasks.max: Not a number of type INT');
    expect(errors['errors.tolerance']).toEqual(['Invalid value bogus for configuration errors.tolerance: String must be one of: none, all']);
    expect(errors.topics).toEqual(['Must configure one of topics or topics.regex']);
    expect(result.validation.errorCount).toBe(5);
    expect(result.validation.groups).toContain('Common');
    await expect(rest.status(name)).rejects.toMatchObject({ status: 404 });
  });

  it('names a plugin that is not installed, with the installed ones', async () => {
    const config = { 'connector.class': 'com.example.NoSuchSink', topics: 't' };
    const expected = { code: 'NOT_FOUND', message: expect.stringMatching(/^Plugin com\.example\.NoSuchSink is not installed on Kafka Connect "Lab Connect" \(installed: .*io\.debezium\.connector\.postgresql\.PostgresConnector/) };
    await expect(core.client.call('connect.save', { ...LAB, name: `nope-${suffix}`, config, mode: 'create' })).rejects.toMatchObject(expected);
    await expect(core.client.call('connect.validate', { ...LAB, config })).rejects.toMatchObject(expected);
    await expect(core.client.call('connect.validate', { ...LAB, config: { topics: 't' } })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^connector\.class is required/) });
  });

  it('refuses to create over an existing connector, and to update a missing one', async () => {
    const name = `taken-${suffix}`;
    await rest.put(name, fileSinkConfig(`taken-topic-${suffix}`, '/tmp/floe-taken.txt'));
    try {
      await expect(core.client.call('connect.save', { ...LAB, name, config: fileSinkConfig('t', '/tmp/y'), mode: 'create' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`A connector named ${name} already exists`) });
    } finally {
      await rest.delete(name);
    }
    await expect(core.client.call('connect.save', { ...LAB, name: `ghost-${suffix}`, config: fileSinkConfig('t', '/tmp/y'), mode: 'update' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('workers that cannot be reached or refuse Floe', () => {
  it('names an unreachable worker', async () => {
    const profileId = await profileWith('down', { urls: [`http://127.0.0.1:${closedPort}`] });
    await expect(core.client.call('connect.overview', { profileId })).rejects.toMatchObject({ code: 'UNREACHABLE', message: `Kafka Connect "down": connection refused by 127.0.0.1:${closedPort}: is it running, is the port right?` });
    const report = await core.client.call('connections.test', { id: profileId });
    expect(report.connect).toEqual([expect.objectContaining({ cluster: 'down', ok: false, error: expect.objectContaining({ code: 'UNREACHABLE' }) })]);
  });

  it('passes a request on to the next worker, and says so', async () => {
    const profileId = await profileWith('two', { urls: [`http://127.0.0.1:${closedPort}`, lab.connect.url], username: lab.connect.username }, lab.connect.password);
    const overview = await core.client.call('connect.overview', { profileId });
    expect(overview.cluster.worker).toBe(lab.connect.url);
    expect(overview.notes.join('\n')).toContain(`worker http://127.0.0.1:${closedPort} failed (Kafka Connect "two": connection refused`);
    const report = await core.client.call('connections.test', { id: profileId });
    expect(report.connect?.[0]).toMatchObject({ ok: true, info: { version: '4.3.1', kafkaClusterId: lab.kafka.clusterId, worker: lab.connect.url } });
  });

  it('says when the credentials are missing or wrong', async () => {
    const none = await profileWith('anonymous', { urls: [lab.connect.url] });
    await expect(core.client.call('connect.overview', { profileId: none })).rejects.toMatchObject({ code: 'AUTH_FAILED', message: 'Kafka Connect "anonymous" needs credentials (HTTP 401): set the cluster\'s username and password in the profile' });
    const wrong = await profileWith('wrong', { urls: [lab.connect.url], username: lab.connect.username }, 'not-the-password');
    await expect(core.client.call('connect.overview', { profileId: wrong })).rejects.toMatchObject({ code: 'AUTH_FAILED', message: `Kafka Connect "wrong" refused the credentials of user "${lab.connect.username}" (HTTP 401)` });
  });

  it('says a profile has no Connect cluster, or not the one named', async () => {
    const { id } = await core.client.call('connections.save', { name: `plain-${suffix}`, kafka: { bootstrap: [lab.kafka.plaintext], security: { protocol: 'PLAINTEXT' } } });
    await expect(core.client.call('connect.overview', { profileId: id })).rejects.toMatchObject({ code: 'BAD_INPUT', message: `Profile "plain-${suffix}" has no Kafka Connect cluster: add one (its workers' REST URLs) to the profile` });
    await expect(core.client.call('connect.overview', { ...LAB, cluster: 'elsewhere' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Profile "Local lab" has no Kafka Connect cluster "elsewhere" (has: Lab Connect)' });
  });

  it('seals the cluster password: never in profiles.json or secrets.enc as text, only "set" in the list', async () => {
    const password = `pw-${suffix}-sealed`;
    const id = await profileWith('sealed', { urls: [lab.connect.url], username: 'u' }, password);
    for (const f of ['profiles.json', 'secrets.enc']) expect(readFileSync(join(core.dataDir, f), 'utf8')).not.toContain(password);
    const { profiles } = await core.client.call('connections.list', {});
    const view = profiles.find((p) => p.id === id)!;
    expect(view.secretsSet.connect).toEqual({ c1: { password: true, clientKeyPem: false } });
    expect(JSON.stringify(view)).not.toContain(password);
    // Removing the cluster from the profile removes its secrets too.
    await core.client.call('connections.save', { ...view, connect: [] });
    expect((await core.client.call('connections.list', {})).profiles.find((p) => p.id === id)!.secretsSet.connect).toEqual({});
  });
});

describe('a cluster that rebalances', () => {
  it('retries a 409 with back-off and says so in the result', async () => {
    const profileId = await profileWith('rebalancing', { urls: [proxy.url], username: lab.connect.username }, lab.connect.password);
    proxy.rebalance(/^GET \/connectors\?/, 3);
    const before = proxy.conflicts;
    const overview = await core.client.call('connect.overview', { profileId });
    expect(proxy.conflicts - before).toBe(3);
    expect(overview.cluster.version).toBe('4.3.1');
    expect(overview.notes).toEqual([expect.stringMatching(/^Kafka Connect "rebalancing" was rebalancing \(HTTP 409: .*\): retried 3× over \d+\.\d s$/)]);
  });

  it('retries the 500 a worker answers when a rebalance is expected', async () => {
    const profileId = await profileWith('rebalancing-500', { urls: [proxy.url], username: lab.connect.username }, lab.connect.password);
    proxy.rebalance(/^GET \/connectors\?/, 2, REBALANCE_EXPECTED, 500);
    const before = proxy.conflicts;
    const overview = await core.client.call('connect.overview', { profileId });
    expect(proxy.conflicts - before).toBe(2);
    expect(overview.cluster.version).toBe('4.3.1');
    expect(overview.notes).toEqual([expect.stringMatching(/^Kafka Connect "rebalancing-500" was rebalancing \(HTTP 500: .*\): retried 2× over \d+\.\d s$/)]);
  });

  it('does not retry a 409 that is no rebalance', async () => {
    const profileId = await profileWith('rebalancing-2', { urls: [proxy.url], username: lab.connect.username }, lab.connect.password);
    proxy.rebalance(/^PUT \/connectors\/held\/pause/, 1, 'Connector held is busy elsewhere');
    const before = proxy.conflicts;
    await expect(core.client.call('connect.action', { profileId, name: 'held', action: 'pause' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Kafka Connect "rebalancing-2": Connector held is busy elsewhere (HTTP 409)',
    });
    expect(proxy.conflicts - before).toBe(1);
  });
});
