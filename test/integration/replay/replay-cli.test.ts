// `floe replay` end to end: a dry run sends nothing, a partition replay killed with -9 and resumed with
// `floe replay resume` leaves each record once (confluent-kafka read_committed), dead letters go back to the
// topic their error headers name, a done replay is never resumed, bad input gets one clear line.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReplayJob, ReplayPlan } from '../../../shared/model/replay';
import { createTopics, deleteTopics, feed } from '../connect-fixtures';
import { fillTopic } from '../filled-topic';
import { pythonDumpCommitted } from '../python-kafka';

const lab = inject('lab');
const root = join(import.meta.dirname, '..', '..', '..');
const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-cli-')), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
const floe = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/floe.mjs'), 'replay', ...args], { env, encoding: 'utf8', timeout: 120_000 });
const suffix = Date.now().toString(36);
const source = `cli-redrive-${suffix}`;
const target = `cli-redrive-to-${suffix}`;
const orders = `cli-orders-${suffix}`;
const dlq = `cli-orders-${suffix}-dlq`;
let dropSource: () => Promise<void>;

const lines = (out: string) => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as ReplayJob);
const keys = (records: { key: string | null }[]) => records.map((r) => Buffer.from(r.key ?? '', 'hex').toString());

beforeAll(async () => {
  dropSource = await fillTopic(lab, source, 1, 8000);
  await createTopics(lab, [{ topic: target, partitions: 2 }, { topic: orders, partitions: 2 }, { topic: dlq }]);
  await feed(lab, dlq, [0, 1, 2].map((i) => ({ key: `o${i}`, value: `{"order": ${i}}`, headers: { '__connect.errors.topic': orders, '__connect.errors.partition': '1', '__connect.errors.offset': String(i), '__connect.errors.exception.class.name': 'org.apache.kafka.connect.errors.DataException', kept: 'yes' } })));
}, 120_000);

afterAll(async () => {
  await dropSource?.();
  await deleteTopics(lab, [target, orders, dlq]);
});

describe('floe replay', () => {
  it('--dry-run lists what would be sent and sends nothing', () => {
    const run = floe('--topic', source, '--partition', '0', '--from', '100', '--until', '1100', '--to', target, '--dry-run', '--json');
    expect(run.status, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as ReplayPlan;
    expect(plan).toMatchObject({ selected: 1000, skipped: 0, ranges: [{ partition: 0, from: 100, to: 1100 }], targets: [{ topic: target, partition: 0, count: 1000 }] });
    expect(pythonDumpCommitted(lab, target)).toHaveLength(0);
  });

  it('a partition replay killed -9 and resumed with `floe replay resume` holds each record once, in order', async () => {
    const child = spawn(process.execPath, [join(root, 'bin/floe.mjs'), 'replay', '--topic', source, '--partition', '0', '--to', target, '--rate', '4000', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const killed = new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (lines(out).some((j) => j.progress.sent > 0)) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    await killed;
    const id = lines(out)[0]!.id;
    const status = floe('status', id, '--json');
    expect(status.status, status.stderr).toBe(0);
    expect((JSON.parse(status.stdout) as ReplayJob).status).toBe('interrupted');
    const resumed = floe('resume', id, '--json');
    expect(resumed.status, resumed.stderr).toBe(0);
    const done = lines(resumed.stdout).pop()!;
    expect(done).toMatchObject({ id, status: 'done', progress: { sent: 8000, read: 8000, total: 8000 } });
    const committed = pythonDumpCommitted(lab, target);
    expect(keys(committed)).toEqual(Array.from({ length: 8000 }, (_, i) => `k${i}`));
    const again = floe('resume', id);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(new RegExp(`floe: Replay ${id} is done \\(8000 sent\\): it never runs twice`));
    const ls = floe('ls', '--json');
    expect((JSON.parse(ls.stdout) as { jobs: ReplayJob[] }).jobs.map((j) => j.id)).toContain(id);
  }, 180_000);

  it('--from-dlq sends dead letters back to the topic and partition their headers name, error headers removed', () => {
    const run = floe('--from-dlq', dlq, '--json');
    expect(run.status, run.stderr).toBe(0);
    expect(lines(run.stdout).pop()).toMatchObject({ status: 'done', progress: { sent: 3 } });
    const back = pythonDumpCommitted(lab, orders);
    expect(back.map((r) => r.partition)).toEqual([1, 1, 1]);
    for (const r of back) {
      const names = r.headers.map(([k]) => k);
      expect(names).toContain('kept');
      expect(names).toContain('floe.replay.id');
      expect(names.some((k) => k.startsWith('__connect.errors.'))).toBe(false);
    }
    const twice = floe('--from-dlq', dlq);
    expect(twice.stderr).toMatch(/already takes this selection: to send it again, ask for it again on purpose \(--again\)/);
  });

  it('bad input: one line naming the cause', () => {
    const cases: [string[], RegExp][] = [
      [['--topic', source, '--partition', '0', '--to', `nowhere-${suffix}`], new RegExp(`Topic "nowhere-${suffix}" does not exist`)],
      [['--topic', source, '--partition', 'x', '--to', target], /--partition must be a whole number ≥ 0, not "x"/],
      [['--topic', source, '--partition', '0'], /a partition replay needs --to TOPIC/],
      [['--from-dlq', dlq, '--topic', source], /--from-dlq and --topic name two sources/],
      [['status', 'r-nonexistent'], /No replay "r-nonexistent"/],
      [['cancel', 'NOT AN ID'], /a replay id as `floe replay ls` lists it/],
    ];
    for (const [args, message] of cases) {
      const run = floe(...args);
      expect(run.status, args.join(' ')).not.toBe(0);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  });
});
