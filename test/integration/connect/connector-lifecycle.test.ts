// Every Connect action through Floe's contract against the lab's worker: a connector whose task fails on
// a bad config (its trace read in full), the config fixed and the task restarted, then pause, resume,
// stop, offsets, reset offsets, delete.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MASKED } from '../../../shared/model/connect';
import { startCore } from '../core-session';
import { ConnectRest, createTopics, deleteTopics, feed, labWithConnect, type ConnectLab } from '../connect-fixtures';
import { fileSinkConfig, LAB, running, waitFor, type Core } from './connect-kit';

const suffix = Date.now().toString(36);
const topic = `connect-life-${suffix}`;
const dlq = `connect-life-dlq-${suffix}`;
const name = `life-sink-${suffix}`;
const dir = mkdtempSync(join(tmpdir(), 'floe-connect-life-'));
const file = join(dir, 'out.txt');
const badFile = join(dir, 'missing-folder', 'out.txt');
let lab: ConnectLab;
let rest: ConnectRest;
let core: Core;

beforeAll(async () => {
  lab = await labWithConnect(inject('lab'));
  rest = new ConnectRest(lab.connect);
  core = startCore(lab.home);
  await createTopics(lab, [{ topic, partitions: 2 }]);
}, 600_000);

afterAll(async () => {
  await rest?.delete(name);
  await core?.close();
  if (lab) await deleteTopics(lab, [topic, dlq]);
  rmSync(dir, { recursive: true, force: true });
});

describe('a connector from create to delete', () => {
  it('creates a sink whose task fails on its config, and shows the failure with its full trace', async () => {
    const config = fileSinkConfig(topic, badFile, {
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': dlq,
      'errors.deadletterqueue.topic.replication.factor': '1',
      'consumer.override.ssl.key.password': 'hunter2-not-shown',
    });
    const saved = await core.client.call('connect.save', { ...LAB, name, config, mode: 'create' });
    expect(saved).toMatchObject({ saved: true, created: true, validation: { errorCount: 0 } });

    const failed = await waitFor(core, name, (d) => d.tasks.some((t) => t.state === 'FAILED'));
    expect(failed).toMatchObject({ name, type: 'sink', className: 'org.apache.kafka.connect.file.FileStreamSinkConnector', state: 'RUNNING', dlqTopic: dlq });
    expect(failed.workerId).toBe(new URL(lab.connect.url).host);
    const task = failed.tasks[0]!;
    expect(task).toMatchObject({ id: 0, state: 'FAILED', workerId: failed.workerId });
    // The whole trace, exactly as the worker keeps it: the cause and every frame.
    const fromWorker = (await rest.status(name)).tasks[0]!.trace!;
    expect(task.trace).toBe(fromWorker);
    expect(task.trace).toMatch(/^org\.apache\.kafka\.connect\.errors\.ConnectException: Couldn't find or create file '.*missing-folder\/out\.txt' for FileStreamSinkTask/);
    expect(task.trace).toMatch(/Caused by: java\.nio\.file\.NoSuchFileException: .*missing-folder\/out\.txt/);
    expect(task.trace!.split('\n').length).toBeGreaterThan(15);

    // Secrets are masked in what Floe shows; the worker still holds the value.
    expect(failed.config['consumer.override.ssl.key.password']).toBe(MASKED);
    expect(failed.maskedKeys).toEqual(['consumer.override.ssl.key.password']);
    expect(failed.config.file).toBe(badFile);
    expect(JSON.stringify(failed)).not.toContain('hunter2');

    const overview = await core.client.call('connect.overview', LAB);
    expect(overview.cluster).toMatchObject({ id: 'lab', name: 'Lab Connect', version: '4.3.1', kafkaClusterId: lab.kafka.clusterId });
    const row = overview.connectors.find((c) => c.name === name);
    expect(row).toMatchObject({ type: 'sink', state: 'RUNNING', tasks: [{ id: 0, state: 'FAILED' }], dlqTopic: dlq });
    expect(JSON.stringify(overview)).not.toContain('hunter2');
  });

  it('fixes the config (the masked secret kept), restarts the failed task, and the records arrive', async () => {
    const detail = await core.client.call('connect.connector', { ...LAB, name });
    const edited = { ...detail.config, file };
    const check = await core.client.call('connect.validate', { ...LAB, name, config: edited });
    expect(check.errorCount).toBe(0);
    expect(check.fields.find((f) => f.name === 'file')?.value).toBe(file);

    const saved = await core.client.call('connect.save', { ...LAB, name, config: edited, mode: 'update' });
    expect(saved).toMatchObject({ saved: true, created: false });
    const stored = await rest.request<Record<string, string>>('GET', `/connectors/${name}/config`);
    expect(stored['consumer.override.ssl.key.password']).toBe('hunter2-not-shown');
    expect(stored.file).toBe(file);

    await core.client.call('connect.action', { ...LAB, name, action: 'restart', includeTasks: true, onlyFailed: true });
    const ok = await waitFor(core, name, running);
    expect(ok.tasks.map((t) => t.trace)).toEqual([undefined]);

    await feed(lab, topic, [
      { key: 'a', value: 'one', partition: 0 },
      { key: 'b', value: 'two', partition: 1 },
      { key: 'c', value: 'three', partition: 0 },
    ]);
    await expect.poll(() => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').sort() : []), { timeout: 30_000 }).toEqual(['one', 'three', 'two']);
    const withTopics = await waitFor(core, name, (d) => (d.topics ?? []).includes(topic));
    expect(withTopics.topics).toEqual([topic]);
  });

  it('pauses, resumes, restarts one task, and reads the sink offsets', async () => {
    await core.client.call('connect.action', { ...LAB, name, action: 'pause' });
    await waitFor(core, name, (d) => d.state === 'PAUSED' && d.tasks.every((t) => t.state === 'PAUSED'));
    await core.client.call('connect.action', { ...LAB, name, action: 'resume' });
    await waitFor(core, name, running);
    await core.client.call('connect.restartTask', { ...LAB, name, task: 0 });
    await waitFor(core, name, running);
    await expect(core.client.call('connect.restartTask', { ...LAB, name, task: 7 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(`Unknown task: ${name}-7`) });

    // A sink's offsets are its consumer group's: per topic partition, the next offset to read.
    await expect
      .poll(async () => (await core.client.call('connect.offsets', { ...LAB, name })).offsets.map((o) => [o.partition.kafka_partition, o.offset?.kafka_offset]).sort(), { timeout: 30_000 })
      .toEqual([
        [0, 2],
        [1, 1],
      ]);
  });

  it('refuses to reset offsets unless the connector is stopped; stops it and resets them', async () => {
    await expect(core.client.call('connect.resetOffsets', { ...LAB, name, confirm: name })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/is RUNNING: stop it first/) });
    await expect(core.client.call('connect.resetOffsets', { ...LAB, name, confirm: 'nope' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/name typed again/) });

    await core.client.call('connect.action', { ...LAB, name, action: 'stop' });
    // The worker reports the connector STOPPED before its tasks' status records are gone: wait for both.
    const stopped = await waitFor(core, name, (d) => d.state === 'STOPPED' && d.tasks.length === 0);
    expect(stopped.tasks).toEqual([]);
    const reset = await core.client.call('connect.resetOffsets', { ...LAB, name, confirm: name });
    expect(reset.notes.join(' ')).toMatch(/reset successfully/);
    expect((await core.client.call('connect.offsets', { ...LAB, name })).offsets).toEqual([]);

    // Resumed from nothing, it reads the topic again from the start.
    await core.client.call('connect.action', { ...LAB, name, action: 'resume' });
    await waitFor(core, name, running);
    await expect.poll(() => readFileSync(file, 'utf8').trim().split('\n').length, { timeout: 30_000 }).toBe(6);
  });

  it('deletes only with the name typed again', async () => {
    await expect(core.client.call('connect.delete', { ...LAB, name, confirm: `${name}x` })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await core.client.call('connect.delete', { ...LAB, name, confirm: name });
    await expect.poll(async () => (await core.client.call('connect.overview', LAB)).connectors.some((c) => c.name === name), { timeout: 20_000 }).toBe(false);
    await expect(core.client.call('connect.connector', { ...LAB, name })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(name) });
  });
});
