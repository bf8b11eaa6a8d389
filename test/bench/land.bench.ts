// npm run bench:land — landing against the local lab: 1M Avro records (~200 bytes, 6 partitions, keys k0…k99999 so
// upsert has 100k distinct keys; encoded with avsc, produced with confluent-kafka) landed by Floe in append and in
// upsert mode (LandService in a child process, as `floe land run` runs it), then the same topic by the Apache Iceberg
// Kafka Connect sink on the lab's worker with the same commit interval. Per Floe run: records/s from the job's start
// to the first committed snapshot holding the whole backlog; freshness (produce → visible in a committed snapshot,
// seen by polling the catalog from outside) of probe records produced every 200 ms for three commit intervals once
// the backlog has landed; peak RSS of the landing process; files written. Counts checked with pyiceberg, not Floe.
// BENCH_RECORDS scales it (e.g. 100000); BENCH_MODES=append,upsert; BENCH_SINK=0 skips the sink; BENCH_COMMIT_MS
// (default 10000, the job default); BENCH_SINK_TASKS (default 1); BENCH_PARTITION_BY partitions Floe's tables (e.g.
// 'day(createdAt);bucket(4, id)': fields separated by ';'); BENCH_CPU_PROF=<dir> profiles the landing
// processes (node --cpu-prof); BENCH_KEEP=1 keeps the landed tables (their folders are printed). The job runs as it
// ships, in `floe land run` (the built CLI: `npm run build` first); BENCH_LANDING=core runs it in a core under tsx
// instead, which adds JS heap and external memory figures (and BENCH_MEM_TRACE, BENCH_HEAP_SNAPSHOT) and tsx's own
// memory. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { readLabState, startLab, stopLab } from '../../electron/lab';
import type { LandMode } from '../../shared/model/land';
import type { ConnectLab } from '../integration/connect-fixtures';
import { avroValue, ensureAvroTopic, PARTITIONS, registerAvroSchema } from './browse-topics';
import { runLandingJob, type LandingRun } from './land-job';
import { landWithIcebergSink, type SinkRun } from './land-sink';
import { percentile } from './land-watch';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const KEYS = Math.min(100_000, Math.max(1, Math.floor(RECORDS / 10)));
const COMMIT_MS = Number(process.env.BENCH_COMMIT_MS ?? 10_000);
const MODES = (process.env.BENCH_MODES ?? 'append,upsert').split(',') as LandMode[];
const SINK_TASKS = Number(process.env.BENCH_SINK_TASKS ?? 1);
const root = join(import.meta.dirname, '..', '..');
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');

const running = readLabState();
const lab = (running?.connect ? running : await startLab({ connect: true, onProgress: (l) => console.error(l) })) as ConnectLab;
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], clientId: 'floe-bench-land', logLevel: logLevel.NOTHING });
const python = execFileSync('bash', [join(root, 'scripts/python-oracles.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
const keep = process.env.BENCH_KEEP === '1';
/** pyiceberg's counts of a landed table; its folder (catalog and warehouse) is removed then unless BENCH_KEEP=1. */
const counted = (catalogDb: string, table: string) => {
  const counts = JSON.parse(execFileSync(python, [join(import.meta.dirname, 'land_counts.py'), catalogDb, table], { encoding: 'utf8' })) as { rows: number; distinct_keys: number | null; min_id: number; snapshots: number; files_written: number; data_files: number; delete_files: number };
  if (keep) console.log(`(kept: ${table} in ${catalogDb})`);
  else rmSync(dirname(catalogDb), { recursive: true, force: true });
  return counts;
};

async function topicRecords(topic: string): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition).map((p) => Number(p.high));
  } finally {
    await admin.disconnect();
  }
}

function printRun(r: LandingRun): void {
  const sustained = r.sustainedPerSec === null ? 'one commit took the whole backlog' : `sustained ${fmt(r.sustainedPerSec)} records/s up to the last commit before the backlog was done`;
  console.log(`\nFloe ${r.mode}: ${fmt(r.backlog)} records visible ${(r.backlogMs / 1000).toFixed(1)} s after the job started → ${fmt(r.recordsPerSec)} records/s end to end (${r.backlogCommits} commits); ${sustained}`);
  console.log(`  freshness over ${r.freshness.length} probes (one every 200 ms for ${(3 * COMMIT_MS) / 1000} s, caught up): p50 ${(percentile(r.freshness, 0.5) / 1000).toFixed(2)} s, p95 ${(percentile(r.freshness, 0.95) / 1000).toFixed(2)} s, max ${(Math.max(...r.freshness) / 1000).toFixed(2)} s${r.unseen ? `; ${r.unseen} PROBES NEVER SEEN COMMITTED` : ''}`);
  console.log(`  peak RSS of the landing process ${r.peakRssMb.toFixed(0)} MB (${r.how}${Number.isNaN(r.startRssMb) ? '' : `; ${r.startRssMb.toFixed(0)} MB at start; peak JS heap ${r.peakHeapMb.toFixed(0)} MB, external (Buffers among it) ${r.peakExternalMb.toFixed(0)} MB; the rest is native, DuckDB's writer among it`}); CPU ${(r.cpuMs / 1000).toFixed(1)} s (${((r.cpuMs * 1000) / (r.backlog + r.probes)).toFixed(1)} µs a record, all threads, start-up included: ${fmt((r.backlog + r.probes) / (r.cpuMs / 1000))} records per CPU-second)`);
  // The machine is shared: wall-clock rates above depend on what else runs; the CPU figures much less.
  console.log(`  load average after the run: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`  ${r.check}`);
}

try {
  if (!lab.registry) throw new Error('the lab has no schema registry');
  const base = `bench-land-avro-${RECORDS}`;
  const schemaId = await registerAvroSchema(lab.registry.url, `${base}-value`);
  // The schema id is part of the name: a restarted in-memory registry gives new ids, and so a new topic.
  const topic = `${base}-s${schemaId}`;
  const t0 = performance.now();
  // Probes from an earlier run make the count differ: the topic is then produced again.
  const produced = await ensureAvroTopic(lab, topic, RECORDS, schemaId, (i) => `k${i % KEYS}`);
  const produceS = (performance.now() - t0) / 1000;
  console.log(
    produced
      ? `produced ${fmt(RECORDS)} Avro records (~200 bytes, ${PARTITIONS} partitions, ${fmt(KEYS)} keys) into ${topic} in ${produceS.toFixed(1)} s (${fmt(RECORDS / produceS)} records/s: avsc encoding + confluent-kafka, topic re-created)`
      : `reusing ${topic} (${fmt(RECORDS)} records)`,
  );

  console.log(`\nlanding ${topic}: ${fmt(RECORDS)} records, commit interval ${COMMIT_MS / 1000} s (lab ${lab.home})`);
  const runs: LandingRun[] = [];
  for (const mode of MODES) {
    const ends = await topicRecords(topic);
    const run = await runLandingJob({ lab, kafka, topic, mode, ends, commitIntervalMs: COMMIT_MS, probeValue: (n) => avroValue(RECORDS + n, schemaId), cpuProfDir: process.env.BENCH_CPU_PROF });
    const oracle = counted(run.catalogDb, run.table);
    const inTopic = ends.reduce((a, b) => a + b, 0) + run.probes;
    const expected = mode === 'upsert' ? KEYS + (inTopic - RECORDS) : inTopic;
    const ok = oracle.rows === expected && (mode !== 'upsert' || (oracle.distinct_keys === expected && oracle.min_id === RECORDS - KEYS));
    run.check = `pyiceberg reads ${fmt(oracle.rows)} rows (expected ${fmt(expected)}${mode === 'upsert' ? `: ${fmt(KEYS)} keys + ${fmt(inTopic - RECORDS)} probe keys, latest values only` : ''}) ${ok ? 'OK' : 'MISMATCH'}; ${oracle.snapshots} snapshots, ${oracle.files_written} files written (${oracle.data_files} data + ${oracle.delete_files} delete files live)`;
    runs.push(run);
    printRun(run);
  }

  let sink: SinkRun | null = null;
  if (process.env.BENCH_SINK !== '0') {
    const total = (await topicRecords(topic)).reduce((a, b) => a + b, 0);
    sink = await landWithIcebergSink(lab, { topic, records: total, commitIntervalMs: COMMIT_MS, tasks: SINK_TASKS, timeoutMs: Math.max(600_000, total / 2) });
    const oracle = counted(sink.catalogDb, sink.table);
    const sinkCheck = `pyiceberg reads ${fmt(oracle.rows)} rows (expected ${fmt(total)}) ${oracle.rows === total ? 'OK' : 'MISMATCH'}; ${oracle.snapshots} snapshots, ${oracle.files_written} files written`;
    console.log(`\nIceberg Kafka Connect sink 1.10.1 (${SINK_TASKS} task${SINK_TASKS > 1 ? 's' : ''}, commit interval ${COMMIT_MS / 1000} s, Apicurio AvroConverter): ${fmt(total)} records in ${(sink.ms / 1000).toFixed(1)} s → ${fmt(sink.recordsPerSec)} records/s (connector created → committed snapshot holding every record; ${sink.commits} commits)${sink.sustainedPerSec === null ? '' : `; sustained ${fmt(sink.sustainedPerSec)} records/s up to its last commit before that`}`);
    console.log(`  ${sinkCheck}`);
  }

  console.log('\ntargets:');
  const append = runs.find((r) => r.mode === 'append');
  const rate = (r: LandingRun) => r.sustainedPerSec ?? r.recordsPerSec;
  const upsert = runs.find((r) => r.mode === 'upsert');
  // Sustained where two commits allow it (else end to end); against the sink, end to end on both sides.
  if (append) console.log(`  append ≥ 100,000 records/s: ${fmt(rate(append))} (${(rate(append) / 100_000).toFixed(2)}×) ${mark(rate(append) >= 100_000)}`);
  if (append && sink) {
    console.log(`  append ≥ 2× the Iceberg sink (end to end, same commit interval): ratio ${(append.recordsPerSec / sink.recordsPerSec).toFixed(2)} ${mark(append.recordsPerSec >= 2 * sink.recordsPerSec)}`);
    if (append.sustainedPerSec !== null && sink.sustainedPerSec !== null) console.log(`    sustained, each up to its last commit before the backlog was in: ratio ${(append.sustainedPerSec / sink.sustainedPerSec).toFixed(2)}`);
    // The sink shows nothing before its first interval ends; Floe commits a backlog as soon as it has read it.
    if (sink.ms < 2 * COMMIT_MS)
      console.log(`    (the sink's backlog became visible ${(sink.ms / 1000).toFixed(1)} s in, after its ${COMMIT_MS / 1000} s commit interval: 2× needs Floe to land it in ${(sink.ms / 2000).toFixed(1)} s; a larger BENCH_RECORDS compares sustained throughput)`);
  }
  if (upsert) console.log(`  upsert ≥ 30,000 records/s: ${fmt(rate(upsert))} (${(rate(upsert) / 30_000).toFixed(2)}×) ${mark(rate(upsert) >= 30_000)}${sink ? `; end to end ${(upsert.recordsPerSec / sink.recordsPerSec).toFixed(2)}× the sink's append` : ''}`);
  for (const r of runs) {
    const p95 = percentile(r.freshness, 0.95);
    console.log(`  ${r.mode} freshness p95 ≤ ${(COMMIT_MS + 1000) / 1000} s: ${(p95 / 1000).toFixed(2)} s (${(p95 / (COMMIT_MS + 1000)).toFixed(2)} of the limit) ${mark(p95 <= COMMIT_MS + 1000 && r.unseen === 0)}`);
    console.log(`  ${r.mode} peak RSS < 500 MB: ${r.peakRssMb.toFixed(0)} MB ${mark(r.peakRssMb < 500)}`);
  }
} finally {
  if (!running) await stopLab();
}
