// bench:land: one Floe landing run. The job runs in a child process (land-run.ts); this process watches the
// catalog from outside, times the backlog, then produces probe records and notes when each became visible.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Kafka } from 'kafkajs';
import type { LabInfo } from '../../electron/lab';
import type { LandJobSpec, LandMode } from '../../shared/model/land';
import { PARTITIONS } from './browse-topics';
import { CatalogWatcher, freshness, landedOffsets, type Probe } from './land-watch';

export interface LandingRun {
  mode: LandMode;
  catalogDb: string;
  table: string;
  backlog: number;
  backlogMs: number;
  backlogCommits: number;
  recordsPerSec: number;
  /** Records/s up to the last commit before the backlog was done (null when one commit took it all). */
  sustainedPerSec: number | null;
  freshness: number[];
  unseen: number;
  probes: number;
  peakRssMb: number;
  startRssMb: number;
  peakHeapMb: number;
  peakExternalMb: number;
  cpuMs: number;
  /** Filled in by the caller from the oracle. */
  check?: string;
}

const PROBE_EVERY_MS = 200;

export async function runLandingJob(o: { lab: LabInfo; kafka: Kafka; topic: string; mode: LandMode; ends: number[]; commitIntervalMs: number; probeValue: (n: number) => Buffer; cpuProfDir?: string }): Promise<LandingRun> {
  const dir = mkdtempSync(join(tmpdir(), `floe-bench-land-${o.mode}-`));
  const catalogDb = join(dir, 'catalog.db');
  const spec: LandJobSpec = {
    name: `bench-${o.mode}`,
    profileId: 'local-lab',
    topic: o.topic,
    catalog: { kind: 'sqlite', path: catalogDb, warehouse: join(dir, 'warehouse'), create: true },
    table: { namespace: ['bench'], name: o.mode },
    mode: o.mode,
    commit: { intervalMs: o.commitIntervalMs },
    start: 'earliest',
  };
  const watcher = new CatalogWatcher(catalogDb, 'bench', o.mode).start();
  // One profile per thread (tsx's loader thread too), in a folder per mode.
  const prof = o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(o.cpuProfDir, o.mode)}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', join(import.meta.dirname, 'land-run.ts'), o.lab.home, JSON.stringify(spec)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`the landing process ended early (exit ${child.exitCode})`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  const producer = o.kafka.producer();
  try {
    const { startedAtMs } = (await next()) as { startedAtMs: number };
    const covers = (ends: number[]) => (c: Parameters<typeof landedOffsets>[0]) => ends.every((end, p) => (landedOffsets(c)[String(p)] ?? 0) >= end);
    const backlog = o.ends.reduce((a, b) => a + b, 0);
    const caught = await watcher.waitFor(covers(o.ends), Math.max(300_000, backlog / 2), `${o.mode}: the backlog of ${backlog} records`);
    const backlogMs = caught.seenAtMs - startedAtMs;

    await producer.connect();
    const probes: Probe[] = [];
    const until = Date.now() + 3 * o.commitIntervalMs;
    for (let n = 0; Date.now() < until; n++) {
      const partition = n % PARTITIONS;
      const producedAtMs = Date.now();
      const [sent] = await producer.send({ topic: o.topic, acks: -1, messages: [{ key: `probe-${o.mode}-${n}`, value: o.probeValue(n), partition }] });
      probes.push({ partition, offset: Number(sent!.baseOffset), producedAtMs });
      await new Promise((r) => setTimeout(r, Math.max(0, producedAtMs + PROBE_EVERY_MS - Date.now())));
    }
    const last = o.ends.map((end, p) => Math.max(end, ...probes.filter((x) => x.partition === p).map((x) => x.offset + 1)));
    await watcher.waitFor(covers(last), 3 * o.commitIntervalMs + 30_000, `${o.mode}: the probes`);
    child.stdin.write('stop\n');
    const { peakRssMb, startRssMb, peakHeapMb, peakExternalMb, cpuMs } = (await next()) as Pick<LandingRun, 'peakRssMb' | 'startRssMb' | 'peakHeapMb' | 'peakExternalMb' | 'cpuMs'>;
    const fresh = freshness(probes, watcher.commits);
    const before = watcher.commits[watcher.commits.indexOf(caught) - 1];
    const consumed = before ? Object.values(landedOffsets(before)).reduce((a, b) => a + b, 0) : 0;
    return {
      mode: o.mode,
      catalogDb,
      table: `bench.${o.mode}`,
      backlog,
      backlogMs,
      backlogCommits: watcher.commits.indexOf(caught) + 1,
      recordsPerSec: (backlog * 1000) / backlogMs,
      sustainedPerSec: consumed ? (consumed * 1000) / (before!.seenAtMs - startedAtMs) : null,
      freshness: fresh.ms,
      unseen: fresh.unseen,
      probes: probes.length,
      peakRssMb,
      startRssMb,
      peakHeapMb,
      peakExternalMb,
      cpuMs,
    };
  } finally {
    watcher.stop();
    await producer.disconnect().catch(() => undefined);
    // Let it exit by itself (a CPU profile is written on exit); kill it only if it hangs.
    if (child.exitCode === null) await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null) child.kill();
  }
}
