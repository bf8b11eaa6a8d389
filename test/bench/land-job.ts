// bench:land: one Floe landing run. The job runs in a child process (`floe land run`, or land-run.ts with
// BENCH_LANDING=core); this process watches the
// catalog from outside, times the backlog, then produces probe records and notes when each became visible.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Kafka } from 'kafkajs';
import type { LabInfo } from '../../electron/lab';
import type { LandJobSpec, LandMode } from '../../shared/model/land';
import { PARTITIONS } from './browse-topics';
import { CatalogWatcher, freshness, landedOffsets, rateBefore, type Probe } from './land-watch';

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
  /** What ran the job: the built CLI, or a core under tsx. */
  how: string;
  /** Filled in by the caller from the oracle. */
  check?: string;
}

const PROBE_EVERY_MS = 200;

/** BENCH_PARTITION_BY: the table's partition fields, separated by ';' (e.g. `day(createdAt);bucket(4, id)`). */
const PARTITION_BY = (process.env.BENCH_PARTITION_BY ?? '').split(';').map((p) => p.trim()).filter(Boolean);

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
    ...(PARTITION_BY.length > 0 ? { partitionBy: PARTITION_BY } : {}),
  };
  const watcher = new CatalogWatcher(catalogDb, 'bench', o.mode).start();
  const landing = process.env.BENCH_LANDING === 'core' ? landInCore(spec, o) : landWithCli(spec, o, dir);
  const producer = o.kafka.producer();
  try {
    const startedAtMs = await landing.started;
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
    const { peakRssMb, startRssMb, peakHeapMb, peakExternalMb, cpuMs, how } = await landing.stop();
    const fresh = freshness(probes, watcher.commits);
    return {
      mode: o.mode,
      catalogDb,
      table: `bench.${o.mode}`,
      backlog,
      backlogMs,
      backlogCommits: watcher.commits.indexOf(caught) + 1,
      recordsPerSec: (backlog * 1000) / backlogMs,
      sustainedPerSec: rateBefore(watcher.commits, caught, startedAtMs, (c) => Object.values(landedOffsets(c)).reduce((a, b) => a + b, 0)),
      freshness: fresh.ms,
      unseen: fresh.unseen,
      probes: probes.length,
      peakRssMb,
      startRssMb,
      peakHeapMb,
      peakExternalMb,
      cpuMs,
      how,
    };
  } finally {
    watcher.stop();
    await producer.disconnect().catch(() => undefined);
    await landing.end();
  }
}

type Figures = Pick<LandingRun, 'peakRssMb' | 'startRssMb' | 'peakHeapMb' | 'peakExternalMb' | 'cpuMs' | 'how'>;

interface Landing {
  /** When the job started (ms since the epoch). */
  started: Promise<number>;
  /** Stops the job (its final commit) and gives the process's figures. */
  stop(): Promise<Figures>;
  /** Waits for the process to exit (a CPU profile is written on exit); kills it only if it hangs. */
  end(): Promise<void>;
}

const cpuProf = (o: { cpuProfDir?: string; mode: LandMode }) => (o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(o.cpuProfDir, o.mode)}`] : []);

function ending(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode === null) await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
}

/** BENCH_LANDING=core: the job in a core started under tsx (land-run.ts), with JS heap and external memory figures. */
function landInCore(spec: LandJobSpec, o: { lab: LabInfo; mode: LandMode; cpuProfDir?: string }): Landing {
  // One profile per thread (tsx's loader thread too), in a folder per mode.
  const child = spawn(process.execPath, [...cpuProf(o), '--import', 'tsx', join(import.meta.dirname, 'land-run.ts'), o.lab.home, JSON.stringify(spec)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`the landing process ended early (exit ${child.exitCode})`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  return {
    started: next().then((l) => l.startedAtMs as number),
    stop: async () => {
      child.stdin.write('stop\n');
      return { ...((await next()) as Omit<Figures, 'how'>), how: 'a core under tsx (land-run.ts)' };
    },
    end: ending(child),
  };
}

/**
 * The default: the job as it ships, `floe land create` then `floe land run NAME` (the built CLI: `npm run build`
 * first), stopped with Ctrl+C (it commits what it staged); peak RSS and CPU from /usr/bin/time.
 */
function landWithCli(spec: LandJobSpec, o: { lab: LabInfo; mode: LandMode; cpuProfDir?: string }, dir: string): Landing {
  const floe = join(import.meta.dirname, '..', '..', 'bin', 'floe.mjs');
  const env = { ...process.env, FLOE_HOME: join(dir, 'home'), FLOE_LAB_HOME: o.lab.home, FLOE_NO_KEYRING: '1' };
  const catalog = spec.catalog as { path: string; warehouse: string };
  const create = spawnSync(process.execPath, [floe, 'land', 'create', spec.name, '--topic', spec.topic, '--table', `${spec.table.namespace.join('.')}.${spec.table.name}`, '--catalog', `sqlite:${catalog.path}`, '--warehouse', catalog.warehouse, '--mode', spec.mode!, '--interval', String(spec.commit!.intervalMs! / 1000), '--start', 'earliest', ...PARTITION_BY.flatMap((p) => ['--partition-by', p])], { env, encoding: 'utf8' });
  if (create.status !== 0) throw new Error(`floe land create failed: ${create.stderr}`);
  const startedAtMs = Date.now();
  // Its own process group: Ctrl+C reaches floe (GNU time ignores it while it waits).
  const child = spawn('/usr/bin/time', ['-f', 'floe-bench rss=%M cpu=%U+%S', process.execPath, ...cpuProf(o), floe, 'land', 'run', spec.name, '--json'], { env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    started: Promise.resolve(startedAtMs),
    stop: async () => {
      process.kill(-child.pid!, 'SIGINT');
      await exited;
      const m = /floe-bench rss=(\d+) cpu=([\d.]+)\+([\d.]+)/.exec(stderr);
      if (!m) throw new Error(`floe land run ended without figures: ${stderr.slice(-2000)}`);
      return { peakRssMb: Number(m[1]) / 1024, startRssMb: NaN, peakHeapMb: NaN, peakExternalMb: NaN, cpuMs: (Number(m[2]) + Number(m[3])) * 1000, how: '`floe land run` (the built CLI)' };
    },
    end: ending(child),
  };
}
