// `floe connect …` against the lab's Kafka Connect worker, as a person or a script runs it: a connector
// created from a JSON file (refused first, field by field, on a bad config), listed, shown with its failed
// task's trace, fixed, restarted, paused, resumed, stopped, its offsets read and reset, deleted.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { floeRun } from '../cli/floe-process';
import { ConnectRest, createTopics, deleteTopics, feed, labWithConnect, type ConnectLab } from '../connect-fixtures';
import { fileSinkConfig } from './connect-kit';

const suffix = Date.now().toString(36);
const topic = `connect-cli-${suffix}`;
const name = `cli-sink-${suffix}`;
const dir = mkdtempSync(join(tmpdir(), 'floe-connect-cli-'));
const out = join(dir, 'out.txt');
let lab: ConnectLab;
let rest: ConnectRest;
let env: NodeJS.ProcessEnv;

const floe = (...args: string[]) => floeRun(['connect', ...args], env, 90_000);
const writeConfig = (file: string, content: unknown) => {
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

async function until<T>(what: string, read: () => Promise<T>, ok: (t: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await sleep(500);
  }
}

const fileText = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

const showJson = async () => JSON.parse((await floe('show', name, '--json')).stdout) as { state: string; tasks: { state: string; trace?: string }[]; config: Record<string, string> };

beforeAll(async () => {
  lab = await labWithConnect(inject('lab'));
  rest = new ConnectRest(lab.connect);
  env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-cli-')), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
  await createTopics(lab, [{ topic, partitions: 1 }]);
}, 600_000);

afterAll(async () => {
  await rest?.delete(name);
  if (lab) await deleteTopics(lab, [topic]);
  rmSync(dir, { recursive: true, force: true });
});

// Each step runs the CLI several times, a few seconds each on a loaded machine.
describe('floe connect', { timeout: 240_000 }, () => {
  it('refuses a config the plugin rejects, field by field, and creates nothing', async () => {
    const bad = writeConfig('bad.json', { ...fileSinkConfig(topic, out), 'tasks.max': 'many' });
    const run = await floe('create', name, '--config', bad);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('Not saved: the plugin refuses the config.');
    expect(run.stdout).toMatch(/\n {2}tasks\.max\n\s+Invalid value many for configuration tasks\.max: Not a number of type INT/);
    expect(await rest.names()).not.toContain(name);

    const check = await floe('validate', '--config', bad, '--json');
    expect(check.status).toBe(1);
    const verdict = JSON.parse(check.stdout) as { errorCount: number; fields: { name: string; errors: string[] }[] };
    expect(verdict.errorCount).toBeGreaterThan(0);
    expect(verdict.fields.find((f) => f.name === 'tasks.max')?.errors[0]).toMatch(/^Invalid value many/);
  });

  it('creates a connector from {"name", "config"} JSON, lists it and shows its failed task with the whole trace', async () => {
    const failing = writeConfig('failing.json', { name, config: fileSinkConfig(topic, join(dir, 'missing', 'out.txt'), { 'database.password': 'hunter2' }) });
    const created = await floe('create', '--config', failing);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe(`Created ${name}.`);

    const failed = await until('a failed task', showJson, (d) => d.tasks[0]?.state === 'FAILED');
    expect(failed.config['database.password']).toBe('********');
    const ls = await floe('ls');
    expect(ls.status).toBe(0);
    expect(ls.stdout).toMatch(new RegExp(`${name}\\s+sink\\s+RUNNING\\s+0:FAILED\\s+FileStreamSinkConnector\\s`));

    const brief = await floe('show', name);
    expect(brief.stdout).toMatch(/Couldn't find or create file .* \(\d+ lines: --full\)/);
    expect(brief.stdout).not.toContain('hunter2');
    const full = await floe('show', name, '--full');
    const trace = (await rest.status(name)).tasks[0]!.trace!;
    for (const line of trace.split('\n').filter(Boolean)) expect(full.stdout).toContain(line.trim());
  });

  it('updates the config, restarts only the failed task, and the records reach the file', async () => {
    const fixed = writeConfig('fixed.json', fileSinkConfig(topic, out));
    const updated = await floe('update', name, '--config', fixed, '--json');
    expect(JSON.parse(updated.stdout)).toMatchObject({ saved: true, created: false });
    const restarted = await floe('restart', name, '--include-tasks', '--only-failed');
    expect(restarted.stdout.trim()).toBe(`Restarted ${name} (and its failed tasks).`);
    await until('a running task', showJson, (d) => d.tasks[0]?.state === 'RUNNING');
    await feed(lab, topic, [{ value: 'one' }, { value: 'two' }]);
    await until('records in the file', async () => fileText(out), (t) => t === 'one\ntwo\n');
  });

  it('pauses, resumes, stops, reads and resets offsets, and deletes only with the name typed again', async () => {
    expect((await floe('pause', name)).stdout.trim()).toBe(`Paused ${name}.`);
    await until('paused', showJson, (d) => d.state === 'PAUSED');
    expect((await floe('resume', name)).stdout.trim()).toBe(`Resumed ${name}.`);
    await until('running', showJson, (d) => d.state === 'RUNNING');

    const offsets = await until('committed offsets', async () => JSON.parse((await floe('offsets', name, '--json')).stdout) as { offsets: { partition: Record<string, unknown>; offset: Record<string, unknown> }[] }, (o) => o.offsets.length > 0);
    expect(offsets.offsets).toEqual([{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: 2 } }]);

    const early = await floe('offsets', name, '--reset', '--confirm', name);
    expect(early.status).toBe(2);
    expect(early.stderr).toContain(`Connector ${name} is RUNNING: stop it first`);
    expect((await floe('stop', name)).stdout.trim()).toBe(`Stopped ${name}.`);
    await until('stopped', showJson, (d) => d.state === 'STOPPED' && d.tasks.length === 0);
    const reset = await floe('offsets', name, '--reset', '--confirm', name);
    expect(reset.status).toBe(0);
    expect(reset.stdout).toContain(`Reset the offsets of ${name}.`);
    expect((await floe('offsets', name)).stdout.trim()).toBe('(none committed)');

    const unconfirmed = await floe('delete', name, '--confirm', 'nope');
    expect(unconfirmed.status).toBe(2);
    expect(unconfirmed.stderr).toContain(`Deleting connector ${name} needs its name typed again to confirm (got "nope")`);
    expect(await rest.names()).toContain(name);
    expect((await floe('delete', name, '--confirm', name)).stdout.trim()).toBe(`Deleted ${name}.`);
    await until('gone', () => rest.names(), (names) => !names.includes(name));
  });

  it('says what is wrong with its arguments, each in one line', async () => {
    const cases: [string[], string][] = [
      [['frobnicate'], 'floe connect needs one of ls, show'],
      [['show'], 'floe connect show needs a connector NAME'],
      [['create', 'x'], '--config FILE is required'],
      [['create', 'x', '--config', join(dir, 'nope.json')], `Cannot read --config ${join(dir, 'nope.json')}: no such file`],
      [['create', 'x', '--config', writeConfig('array.json', [1])], 'must hold a JSON object of config keys'],
      [['pause', name, '--task', '0'], '--task, --include-tasks and --only-failed go with restart'],
      [['restart', name, '--task', 'x'], '--task must be a task number'],
      [['show', 'no-such-connector'], 'no-such-connector'],
      [['ls', '--connect-cluster', 'nowhere'], 'nowhere'],
    ];
    for (const [args, message] of cases) {
      const run = await floe(...args);
      expect(run.status, args.join(' ')).not.toBe(0);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(message);
    }
  });
});
