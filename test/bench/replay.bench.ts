// npm run bench:replay — a DLQ of 1M records (~200 bytes, 6 partitions, Kafka Connect error headers; produced
// by kcat) replayed by `floe replay --from-dlq … --to …` exactly once (transactions, read_committed reads), timed
// from the process's start to its exit, peak RSS by /usr/bin/time; in the same run the naive at-least-once copy
// `kcat -C -e … | kcat -P …` of the same records, and the ratio. Each copy lands in a fresh topic whose
// read_committed count (kcat) is checked. BENCH_RECORDS scales it; BENCH_RUNS (default 3) runs of each; medians.
// Prints figures; asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { readLabState, startLab } from '../../electron/lab';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PARTITIONS = 6;
const root = join(import.meta.dirname, '..', '..');
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');

const lab = readLabState() ?? (await startLab({ onProgress: (l) => console.error(l) }));
const bootstrap = lab.kafka.plaintext;
const kafka = new Kafka({ brokers: [bootstrap], clientId: 'floe-bench-replay', logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();

async function createTopic(topic: string): Promise<void> {
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
}

async function records(topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
}

/** Records a read_committed reader (kcat, not Floe) finds in the topic. */
function committedCount(topic: string): number {
  const out = execFileSync('bash', ['-c', `kcat -C -b ${bootstrap} -t ${topic} -e -q -X isolation.level=read_committed -f '.' | wc -c`], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return Number(out.trim());
}

const dlq = `bench-replay-dlq-${RECORDS}`;
const existing = await admin.listTopics();
if (!existing.includes(dlq) || (await records(dlq)) !== RECORDS) {
  if (existing.includes(dlq)) await admin.deleteTopics({ topics: [dlq] });
  await createTopic(dlq);
  const file = join(mkdtempSync(join(tmpdir(), 'floe-bench-replay-')), 'dlq.tsv');
  const note = 'n'.repeat(120);
  writeFileSync(file, Array.from({ length: RECORDS }, (_, i) => `order-${i}\t{"order": ${i}, "amount": "${i % 997}.5x", "note": "${note}"}\n`).join(''));
  const headers = ['__connect.errors.topic=orders', '__connect.errors.partition=0', '__connect.errors.offset=0', '__connect.errors.exception.class.name=org.apache.kafka.connect.errors.DataException', '__connect.errors.stage=VALUE_CONVERTER'];
  execFileSync('kcat', ['-P', '-b', bootstrap, '-t', dlq, '-K', '\t', '-l', ...headers.flatMap((h) => ['-H', h]), '-X', 'linger.ms=20', file], { stdio: 'inherit' });
  console.error(`filled ${dlq} with ${fmt(await records(dlq))} records`);
}

const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-bench-replay-home-')), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
const floeRuns: { perSec: number; rssMb: number; cpuUs: number }[] = [];
const kcatRuns: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const target = `bench-replay-to-${Date.now().toString(36)}`;
  await createTopic(target);
  const started = performance.now();
  const floe = spawnSync('/usr/bin/time', ['-f', 'rss=%M cpu=%U+%S', process.execPath, join(root, 'bin/floe.mjs'), 'replay', '--from-dlq', dlq, '--to', target, '--json'], { env, encoding: 'utf8', maxBuffer: 256 << 20 });
  const seconds = (performance.now() - started) / 1000;
  if (floe.status !== 0) throw new Error(`floe replay failed: ${floe.stderr}`);
  const rssMb = Number(/rss=(\d+)/.exec(floe.stderr)?.[1] ?? 0) / 1024;
  const cpu = /cpu=([\d.]+)\+([\d.]+)/.exec(floe.stderr);
  const cpuSeconds = cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN;
  const cpuUs = (cpuSeconds * 1e6) / RECORDS;
  const count = committedCount(target);
  floeRuns.push({ perSec: RECORDS / seconds, rssMb, cpuUs });
  console.log(`Floe run ${run + 1}: ${fmt(RECORDS)} records in ${seconds.toFixed(2)} s → ${fmt(RECORDS / seconds)} records/s, peak RSS ${rssMb.toFixed(0)} MB, CPU ${cpuSeconds.toFixed(2)} s (user+sys, startup included) = ${cpuUs.toFixed(1)} µs/record = ${fmt(1e6 / cpuUs)} records/s per core; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; read_committed count ${fmt(count)}${count === RECORDS ? '' : ' (WRONG)'}`);
  await admin.deleteTopics({ topics: [target] });

  const copy = `bench-replay-kcat-${Date.now().toString(36)}`;
  await createTopic(copy);
  const kStarted = performance.now();
  execFileSync('bash', ['-c', `set -o pipefail; kcat -C -b ${bootstrap} -t ${dlq} -o beginning -e -q -f '%k\\t%s\\n' | kcat -P -b ${bootstrap} -t ${copy} -K '\\t'`], { stdio: 'inherit' });
  const kSeconds = (performance.now() - kStarted) / 1000;
  const kCount = committedCount(copy);
  kcatRuns.push(RECORDS / kSeconds);
  console.log(`kcat pipe run ${run + 1}: ${fmt(RECORDS)} records in ${kSeconds.toFixed(2)} s → ${fmt(RECORDS / kSeconds)} records/s (at least once, headers dropped); count ${fmt(kCount)}`);
  await admin.deleteTopics({ topics: [copy] });
}
await admin.disconnect();

const floePerSec = median(floeRuns.map((r) => r.perSec));
const kcatPerSec = median(kcatRuns);
const rss = median(floeRuns.map((r) => r.rssMb));
const cpuUs = median(floeRuns.map((r) => r.cpuUs));
console.log(`\nMedians of ${RUNS} runs, ${fmt(RECORDS)} records (~200 bytes, ${PARTITIONS} partitions):`);
console.log(`  Floe exactly-once replay ${fmt(floePerSec)} records/s (target ≥ 100,000: ${mark(floePerSec >= 100_000)}), peak RSS ${rss.toFixed(0)} MB (target < 300: ${mark(rss < 300)}), CPU ${cpuUs.toFixed(1)} µs/record = ${fmt(1e6 / cpuUs)} records/s per core`);
console.log(`  load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 cores shared: wall-clock figures depend on it)`);
console.log(`  kcat -C | kcat -P ${fmt(kcatPerSec)} records/s; ratio Floe/kcat ${(floePerSec / kcatPerSec).toFixed(2)} (target ≥ 0.5: ${mark(floePerSec / kcatPerSec >= 0.5)})`);
