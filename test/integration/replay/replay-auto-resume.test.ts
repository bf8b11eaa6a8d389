// A replay cut off by a crash goes on by itself when Floe starts again: `floe replay` is killed -9 mid-run,
// then `floe serve` (as the desktop app does at launch) resumes the interrupted job from its committed
// position; a read_committed reader that is not Floe (confluent-kafka) finds each record once, in order.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReplayJob } from '../../../shared/model/replay';
import { createTopics, deleteTopics } from '../connect-fixtures';
import { fillTopic } from '../filled-topic';
import { pythonDumpCommitted } from '../python-kafka';

const lab = inject('lab');
const root = join(import.meta.dirname, '..', '..', '..');
const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-auto-resume-')), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
const suffix = Date.now().toString(36);
const source = `auto-resume-${suffix}`;
const target = `auto-resume-to-${suffix}`;
const RECORDS = 6000;
let dropSource: () => Promise<void>;
let serve: ChildProcess | null = null;

const status = (id: string) => JSON.parse(spawnSync(process.execPath, [join(root, 'bin/floe.mjs'), 'replay', 'status', id, '--json'], { env, encoding: 'utf8' }).stdout) as ReplayJob;
const lines = (out: string) => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as ReplayJob);

beforeAll(async () => {
  dropSource = await fillTopic(lab, source, 1, RECORDS);
  await createTopics(lab, [{ topic: target, partitions: 1 }]);
}, 120_000);

afterAll(async () => {
  serve?.kill('SIGTERM');
  await dropSource?.();
  await deleteTopics(lab, [target]);
});

describe('an interrupted replay', () => {
  it('is resumed when Floe starts again and finishes exactly once', async () => {
    const child = spawn(process.execPath, [join(root, 'bin/floe.mjs'), 'replay', '--topic', source, '--partition', '0', '--to', target, '--rate', '3000', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (lines(out).some((j) => j.progress.sent > 0)) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    const id = lines(out)[0]!.id;
    const cut = status(id);
    expect(cut.status).toBe('interrupted');
    expect(cut.progress.sent).toBeLessThan(RECORDS);

    let log = '';
    serve = spawn(process.execPath, [join(root, 'bin/floe.mjs'), 'serve', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    serve.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 120_000;
    let job = status(id);
    while (job.status !== 'done' && Date.now() < deadline) {
      await sleep(500);
      job = status(id);
    }
    expect(job, log).toMatchObject({ status: 'done', progress: { sent: RECORDS, read: RECORDS, total: RECORDS } });
    expect(log).toContain(`resuming interrupted replay ${id}`);
    const committed = pythonDumpCommitted(lab, target);
    expect(committed.map((r) => Buffer.from(r.key ?? '', 'hex').toString())).toEqual(Array.from({ length: RECORDS }, (_, i) => `k${i}`));
  }, 240_000);
});
