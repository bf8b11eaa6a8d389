// A landing job's lag over time, as the job page charts it: samples while it lands (lag falling to 0 once
// the table holds every record) and read back by a core started afresh on the same data folder, and by the CLI.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createHost } from '../../../electron/core/host';
import { RpcClient } from '../../../shared/rpc/client';
import type { FloeContract } from '../../../shared/rpc/contract';
import { createMemoryPair } from '../../../shared/rpc/memory-transport';
import { LAND_SAMPLE_EVERY_MS } from '../../../shared/model/land';
import { floeRun } from '../cli/floe-process';
import { pythonProduce } from '../python-kafka';
import { coreWithTopics, jobSpec, landingCatalog, waitFor } from './land-fixtures';

const lab = inject('lab');
const topic = `land-history-${Date.now().toString(36)}`;
const core = coreWithTopics(lab, [topic]);

describe('a landing job’s lag history', () => {
  it('samples lag and throughput every 10 s while it runs, and a restarted core reads them back', async () => {
    pythonProduce(lab, topic, Array.from({ length: 400 }, (_, i) => ({ key: `k${i}`, value: { id: i, name: `n${i}` }, format: 'json' as const })));
    const job = await core.client.call('land.create', jobSpec(landingCatalog(), { name: `history-${topic}`, topic, table: { namespace: ['land'], name: 'history' } }));
    await core.client.call('land.start', { job: job.id });
    await waitFor(core, job.id, (s) => s.landedRecords >= 400 && s.lagRecords === 0);
    // Stay running past one sample period so a second sample (caught up) is taken.
    await new Promise((r) => setTimeout(r, LAND_SAMPLE_EVERY_MS + 2000));
    await waitFor(core, job.id, (s) => s.updatedAtMs > Date.now() - 3000);
    await core.client.call('land.stop', { job: job.id });

    const { samples } = await core.client.call('land.history', { job: job.id });
    expect(samples.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < samples.length; i++) expect(samples[i]!.at - samples[i - 1]!.at).toBeGreaterThanOrEqual(LAND_SAMPLE_EVERY_MS);
    expect(samples.at(-1)).toMatchObject({ lagRecords: 0, lagSeconds: 0 });
    expect(samples.every((s) => s.lagRecords >= 0 && s.lagRecords <= 400 && s.recordsPerSec >= 0)).toBe(true);
    expect((await core.client.call('land.history', { job: job.id, sinceMs: samples.at(-1)!.at })).samples).toHaveLength(1);

    // A second core on the same data folder (the app restarted) has the same history on disk.
    const host = createHost({ dataDir: core.dataDir, secretKey: { key: randomBytes(32), source: 'test' }, mode: 'test', version: 'test', labHome: lab.home });
    const [serverEnd, clientEnd] = createMemoryPair();
    const stop = host.serve(serverEnd);
    try {
      const again = await new RpcClient<FloeContract>(clientEnd).call('land.history', { job: job.id });
      // The stopped job's open sample was flushed: the file holds every sample.
      expect(again.samples.map((s) => s.at)).toEqual(samples.map((s) => s.at));
    } finally {
      stop();
      await host.dispose();
    }
    await expect(core.client.call('land.history', { job: 'no-such-job' })).rejects.toThrow(/No landing job "no-such-job"/);

    // The CLI reads the same file.
    const env = { ...process.env, FLOE_HOME: core.dataDir, FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
    const cli = await floeRun(['land', 'history', `history-${topic}`, '--json'], env);
    expect(cli.stderr).toBe('');
    expect((JSON.parse(cli.stdout) as { samples: { at: number }[] }).samples.map((s) => s.at)).toEqual(samples.map((s) => s.at));
    const text = await floeRun(['land', 'history', `history-${topic}`], env);
    expect(text.stdout.split('\n')[0]).toMatch(/^AT\s+LAG RECORDS\s+LAG S\s+RECORDS\/S$/);
  }, 180_000);
});
