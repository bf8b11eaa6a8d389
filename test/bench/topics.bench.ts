// npm run bench:topics — the topic list with 2,000 topics (target: under 2 s), against the local lab.
// Uses a running lab (floe lab up) or starts one and stops it after. Prints medians; asserts nothing.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { labHome, readLabState, startLab, stopLab } from '../../electron/lab';
import { startCore } from '../integration/core-session';

const TOPICS = Number(process.env.BENCH_TOPICS ?? 2000);
const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const root = join(import.meta.dirname, '..', '..');

const running = readLabState();
const lab = running ?? (await startLab({ onProgress: (l) => console.error(l) }));
try {
  const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const wanted = Array.from({ length: TOPICS }, (_, i) => `bench-topic-${String(i).padStart(4, '0')}`).filter((t) => !existing.has(t));
  const createStarted = performance.now();
  for (let i = 0; i < wanted.length; i += 250)
    await admin.createTopics({ topics: wanted.slice(i, i + 250).map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: false, timeout: 60_000 });
  if (wanted.length) console.log(`created ${wanted.length} topics in ${((performance.now() - createStarted) / 1000).toFixed(1)} s`);
  await admin.disconnect();

  const core = startCore(lab.home);
  const cold = performance.now();
  const first = await core.client.call('topics.list', { profileId: 'local-lab' });
  const coldMs = performance.now() - cold;
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await core.client.call('topics.list', { profileId: 'local-lab' });
    warm.push(performance.now() - t);
  }
  await core.close();

  const cli: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const run = spawnSync(process.execPath, [join(root, 'bin/floe.mjs'), 'topics', '--json'], { env: { ...process.env, FLOE_LAB_HOME: lab.home }, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (run.status !== 0) throw new Error(run.stderr);
    cli.push(performance.now() - t);
  }

  console.log(`topics listed: ${first.topics.length} (lab ${labHome()})`);
  console.log(`core topics.list, first call incl. connect: ${coldMs.toFixed(0)} ms`);
  console.log(`core topics.list, warm, median of ${RUNS}: ${median(warm).toFixed(0)} ms  (runs: ${warm.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`floe topics --json (new process), median of 3: ${median(cli).toFixed(0)} ms`);
  console.log(`target: list shown in under 2000 ms`);
} finally {
  if (!running) await stopLab();
}
