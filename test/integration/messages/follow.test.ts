import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowseRecord } from '../../../shared/model/messages';
import { pythonProduce } from '../python-kafka';
import { startCore } from '../core-session';

const lab = inject('lab');
const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
const suffix = Date.now().toString(36);
const tailTopic = `follow-tail-${suffix}`;
const cliTopic = `follow-cli-${suffix}`;
const limitTopic = `follow-limit-${suffix}`;
const profileId = 'local-lab';
const root = join(import.meta.dirname, '..', '..', '..');
let core: ReturnType<typeof startCore>;

beforeAll(async () => {
  core = startCore(lab.home);
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: tailTopic, numPartitions: 2 }, { topic: cliTopic, numPartitions: 1 }, { topic: limitTopic, numPartitions: 1 }], waitForLeaders: true });
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [tailTopic, cliTopic, limitTopic] }).catch(() => undefined);
  await admin.disconnect();
  await core.close();
});

const until = async (what: string, done: () => boolean, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('live tail', () => {
  it('ends with its summary when cancelled: records received and the next offset of every partition', async () => {
    pythonProduce(lab, tailTopic, [{ partition: 0, key: 'old', value: { old: true } }]);
    const controller = new AbortController();
    const got: BrowseRecord[] = [];
    const tail = core.client.stream('messages.tail', { profileId, topic: tailTopic }, (e) => {
      if (e.kind === 'records') got.push(...e.records);
      if (got.length >= 3) controller.abort();
    }, { signal: controller.signal, resultOnCancel: true });
    await new Promise((r) => setTimeout(r, 700));
    pythonProduce(lab, tailTopic, [
      { partition: 0, key: 'live-1', value: { n: 1 } },
      { partition: 1, key: 'live-2', value: { n: 2 } },
      { partition: 0, key: 'live-3', value: { n: 3 } },
    ]);
    const summary = await tail;
    expect(got.map((r) => r.key.value).sort()).toEqual(['live-1', 'live-2', 'live-3']);
    expect(summary).toEqual({ received: 3, positions: { '0': 3, '1': 1 } });
  });
});

function startCli(...args: string[]) {
  const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-follow-')), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'electron/cli/index.ts'), ...args], { env, cwd: root });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const keys = () => out.stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { key: unknown }).key);
  return { child, out, exited, keys };
}

describe('floe consume --follow', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterAll(() => child?.kill('SIGKILL'));

  it('--from end --follow --limit N stops by itself after N new records and names the offset to continue from', async () => {
    pythonProduce(lab, limitTopic, [{ key: 'old', value: { n: 0 } }]);
    const cli = startCli('consume', limitTopic, '--from', 'end', '--follow', '--limit', '2', '--json');
    child = cli.child;
    await until('the follow notice', () => cli.out.stderr.includes(`following ${limitTopic}`));
    await new Promise((r) => setTimeout(r, 1500)); // the tail reads the end offsets right after the notice
    pythonProduce(lab, limitTopic, [{ key: 'n1', value: { n: 1 } }, { key: 'n2', value: { n: 2 } }, { key: 'n3', value: { n: 3 } }]);
    expect(await cli.exited).toBe(0);
    expect(cli.keys()).toEqual(['n1', 'n2']);
    // n3 (offset 3) arrived in the same response but was not printed: continuing from 3 loses nothing.
    expect(cli.out.stderr).toMatch(/followed: \d new records arrived, 2 printed; next offsets 0:3/);
  }, 90_000);

  it('prints what is there, then new records as they arrive, until Ctrl+C (SIGINT), then its summary', async () => {
    pythonProduce(lab, cliTopic, [{ key: 'before-1', value: { n: 1 } }, { key: 'before-2', value: { n: 2 } }]);
    const cli = startCli('consume', cliTopic, '--follow', '--json', '--filter', 'value.n != 4.0');
    child = cli.child;
    const { out, exited, keys } = cli;
    await until('the existing records and the follow notice', () => keys().length === 2 && out.stderr.includes(`following ${cliTopic}`));
    pythonProduce(lab, cliTopic, [{ key: 'live-3', value: { n: 3 } }, { key: 'live-4', value: { n: 4 } }, { key: 'live-5', value: { n: 5 } }]);
    await until('the new records', () => keys().length === 4);
    expect(keys()).toEqual(['before-1', 'before-2', 'live-3', 'live-5']); // live-4 filtered out
    // Still following: a later record is printed too.
    pythonProduce(lab, cliTopic, [{ key: 'live-6', value: { n: 6 } }]);
    await until('a later record', () => keys().length === 5);
    // A record the filter cannot read is not printed; CEL's reason is.
    pythonProduce(lab, cliTopic, [{ key: 'live-7', value: { m: 7 } }]);
    await until('the reason the filter failed', () => out.stderr.includes('filter failed on 0/6: No such key: n'));

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(keys()).toEqual(['before-1', 'before-2', 'live-3', 'live-5', 'live-6']);
    expect(out.stderr).toMatch(/followed: 5 new records arrived, 3 printed; next offsets 0:7/);
  }, 90_000);
});
