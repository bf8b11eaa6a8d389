// npm run bench:browse — the message viewer against the local lab, on 1M-record topics over 6 partitions:
// ~200-byte JSON values (produced with kcat) and ~200-byte Avro values in the Confluent wire format with a
// schema registered in the lab registry (encoded with avsc, produced with confluent-kafka). Per topic:
// time to the first page (200 records) from an offset and from a timestamp (median of 5), full scans with
// CEL filters (records/s, peak RSS of the scanning process, median of 3) and kcat reading the same topic
// to /dev/null, with the ratio, the scan's CPU time (all threads) and the worker threads it decoded on (BENCH_THREADS=0,auto: each
// filter in the core's own thread and with the default workers, which the core's own thread helps; on one core, where
// the default is no worker, workers as many as cores; a list of numbers picks others). Uses a running lab (floe lab
// up) or starts one. BENCH_FORMATS=json,json-lz4,json-zstd,avro picks the variants (the default): json-lz4 and
// json-zstd are the JSON records produced by kcat in lz4- and zstd-compressed batches, which Floe's pure-JS codecs
// decompress. Each topic is also scanned with a filter on a field no record has (every record a filter error, as on a
// topic where most records lack the field); json-bigint (not run by default) is the JSON variant with 19-digit ids, which the decoder parses
// exactly (slower than JSON.parse, which it uses when no integer has more than 15 digits). BENCH_RECORDS=10000000
// is the 10M-record variant (the topics are produced once per lab and record count; the printout says how long
// that took). Each scan runs in a core of its own (a child process built as the app's core is: built-child.ts), twice: cold is the core's first search (its modules load, its code
// is not yet optimized; its worker threads, started by its first page read a second before, run their first jobs), warm its second, as the app's one core runs every search after the
// first; kcat is a process of its own each time, its start included. Prints figures; asserts nothing. Targets (issue 12): scan ≥ 1.0× kcat with a few-field filter,
// ≥ 0.8× decoding whole records; peak RSS < 300 MB at 10M records; first page < 200 ms.
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { scanThreads } from '../../electron/core/messages/scan-executor';
import { readLabState, startLab, stopLab } from '../../electron/lab';
import { startCore } from '../integration/core-session';
import { buildBenchChildren } from './built-child';
import { bigIdJsonValue, ensureAvroTopic, ensureJsonTopic, PARTITIONS, registerAvroSchema, type Compression } from './browse-topics';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const FORMATS = (process.env.BENCH_FORMATS ?? 'json,json-lz4,json-zstd,avro').split(',');
const RUNS = 5;
/**
 * Worker-thread settings each filter is scanned with: 0 is the core's own thread (the scan before workers), auto the
 * default. Where the default is the core's own thread (one core), the second row is workers as many as cores instead of
 * the same scan twice.
 */
const THREADS = (process.env.BENCH_THREADS ?? (scanThreads(undefined, PARTITIONS, RECORDS) === 0 ? `0,${availableParallelism()}` : '0,auto')).split(',');
const KCAT = process.env.KCAT ?? '/usr/bin/kcat';
/** A field no record has: every record fails the filter, each counted as a filter error (CEL's "No such key"). */
const MISSING_FIELD = 'value.discount > 0.5';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
/** The threads a scan decoded on, and the share of records the core's own thread scanned beside workers. */
function threadsText(runs: { threads: number; coreScanned: number; scanned: number }[]): string {
  const { threads } = runs[0]!;
  if (threads === 0) return "0 (the core's own thread)";
  const shares = runs.map((r) => `${Math.round((100 * r.coreScanned) / r.scanned)}%`).join(', ');
  return `${threads} worker${threads === 1 ? '' : 's'} and the core's own thread (which scanned ${shares} of the records)`;
}
// The scanning child and its workers, built as the app's core is (not run from source through tsx).
const children = await buildBenchChildren({ 'browse-scan': 'test/bench/browse-scan.ts' });

interface Variant {
  name: string;
  topic: string;
  /** Each variant's first filter has string literals the scan pre-checks on raw bytes (JSON text, Avro strings); the others decode every record (see the Avro notes). */
  filters: string[];
}

const running = readLabState();
const lab = running ?? (await startLab({ onProgress: (l) => console.error(l) }));
try {
  const variants: Variant[] = [];
  for (const format of FORMATS) {
    const started = performance.now();
    let variant: Variant;
    let produced: boolean;
    const json = /^json(?:-(lz4|zstd))?$/.exec(format);
    if (json) {
      const compression = (json[1] ?? 'none') as Compression;
      const suffix = compression === 'none' ? '' : `-${compression}`;
      variant = { name: `JSON${compression === 'none' ? '' : `, ${compression} batches`}`, topic: process.env.BENCH_TOPIC ?? `bench-browse-${RECORDS}${suffix}`, filters: ['value.status == "failed" && value.amount > 500.0', 'value.amount > 995.0', MISSING_FIELD] };
      produced = await ensureJsonTopic(lab, variant.topic, RECORDS, undefined, compression);
    } else if (format === 'json-bigint') {
      variant = { name: 'JSON, 19-digit ids', topic: `bench-browse-bigint-${RECORDS}`, filters: ['value.status == "failed" && value.amount > 500.0', 'value.amount > 995.0'] };
      produced = await ensureJsonTopic(lab, variant.topic, RECORDS, bigIdJsonValue);
    } else if (format === 'avro') {
      if (!lab.registry) throw new Error('the lab has no schema registry');
      const base = `bench-browse-avro-${RECORDS}`;
      const schemaId = await registerAvroSchema(lab.registry.url, `${base}-value`);
      // The schema id is part of the name: a restarted in-memory registry gives new ids, and so a new topic.
      // The first filter reads three fields (the scan rules out the records whose bytes lack "failed" or "EUR" as Avro
      // strings, builds only those fields of the others and steps over the rest); the second reads the value whole
      // (`value == null`), so every record is built completely.
      variant = { name: 'Avro', topic: `${base}-s${schemaId}`, filters: ['value.status == "failed" && value.amount > 500.0 && value.currency == "EUR"', 'value == null || value.amount > 995.0', MISSING_FIELD] };
      produced = await ensureAvroTopic(lab, variant.topic, RECORDS, schemaId);
    } else throw new Error(`unknown BENCH_FORMATS entry ${format} (json, json-lz4, json-zstd, avro, json-bigint)`);
    if (produced) console.log(`produced ${RECORDS} ${variant.name} records (~200-byte values) into ${variant.topic} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    variants.push(variant);
  }

  for (const { name, topic, filters } of variants) {
    const core = startCore(lab.home);
    const profileId = 'local-lab';
    const first = await core.client.call('messages.read', { profileId, topic, start: { kind: 'beginning' }, limit: 1 }); // connect
    if (first.records[0]?.value.error) throw new Error(`${topic}: the first value does not decode: ${first.records[0].value.error}`);
    const middle = Math.floor(first.watermarks[0]!.high / 2);
    const midRecord = (await core.client.call('messages.read', { profileId, topic, partitions: [0], start: { kind: 'offset', offset: middle }, limit: 1 })).records[0]!;
    const fromOffset: number[] = [];
    const fromTime: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      const a = await core.client.call('messages.read', { profileId, topic, start: { kind: 'offset', offset: middle + i * 1000 }, limit: 200 });
      fromOffset.push(performance.now() - t);
      t = performance.now();
      const b = await core.client.call('messages.read', { profileId, topic, start: { kind: 'timestamp', timestamp: midRecord.timestamp }, limit: 200 });
      fromTime.push(performance.now() - t);
      if (a.records.length !== 200 || b.records.length !== 200) throw new Error(`short page: ${a.records.length}, ${b.records.length}`);
    }
    await core.close();

    type Scan = { scanned: number; matched: number; ms: number; cpuMs: number; peakRssMb: number; decodeErrors: number; filterErrors: number; threads: number; coreScanned: number };
    // Three cores, each searching twice: its first search (cold) and its second (warm, as the app's core runs every search after its first).
    const scanWith = (filter: string, threads: string) => {
      const pairs = Array.from({ length: 3 }, () => {
        const run = spawnSync(process.execPath, [join(children, 'browse-scan.js'), lab.home, topic, filter, threads, '2'], { encoding: 'utf8', maxBuffer: 64 << 20 });
        if (run.status !== 0) throw new Error(run.stderr);
        return run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Scan);
      });
      return { cold: pairs.map((p) => p[0]!), warm: pairs.map((p) => p[1]!) };
    };
    const scans = filters.flatMap((filter) => THREADS.map((threads) => ({ filter, runs: scanWith(filter, threads) })));
    // kcat's CPU time too (bash's `time`): on a loaded machine wall time says little, CPU per record still compares.
    const kcatRuns = Array.from({ length: 3 }, () => {
      const t = performance.now();
      const run = spawnSync('bash', ['-c', `TIMEFORMAT='%3U %3S'; time (${KCAT} -C -b ${lab.kafka.plaintext} -t ${topic} -o beginning -e -q > /dev/null)`], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(run.stderr);
      const [user, sys] = run.stderr.trim().split('\n').pop()!.split(' ').map(Number);
      return { ms: performance.now() - t, cpuMs: ((user ?? NaN) + (sys ?? NaN)) * 1000 };
    });
    const kcat = kcatRuns.map((k) => k.ms);
    const kcatCpuUs = (median(kcatRuns.map((k) => k.cpuMs)) * 1000) / RECORDS;

    const kcatRate = (RECORDS * 1000) / median(kcat);
    console.log(`\n${name}: topic ${topic}: ${RECORDS} records, ${PARTITIONS} partitions (lab ${lab.home})`);
    console.log(`first page (200 records) from an offset, median of ${RUNS}: ${median(fromOffset).toFixed(0)} ms  (runs: ${fromOffset.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`first page (200 records) from a timestamp, median of ${RUNS}: ${median(fromTime).toFixed(0)} ms  (runs: ${fromTime.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`kcat -C -e -q to /dev/null, median of 3: ${Math.round(kcatRate).toLocaleString('en')} records/s; CPU ${kcatCpuUs.toFixed(2)} µs/record  (runs: ${kcat.map((x) => `${(x / 1000).toFixed(2)} s`).join(', ')}, process start included)`);
    scans.forEach(({ filter, runs: { cold, warm } }) => {
      const rateOf = (runs: Scan[]) => median(runs.map((s) => (s.scanned * 1000) / s.ms));
      const first = warm[0]!;
      const errors = (first.decodeErrors ? `, ${first.decodeErrors} DECODE ERRORS` : '') + (first.filterErrors ? `, ${first.filterErrors} filter errors` : '');
      const cpuMs = median(warm.map((s) => s.cpuMs));
      const times = (runs: Scan[]) => runs.map((s) => `${(s.ms / 1000).toFixed(2)} s`).join(', ');
      console.log(
        `filtered decoded scan (CEL: ${filter}), medians of 3: warm ${Math.round(rateOf(warm)).toLocaleString('en')} records/s, ratio to kcat ${(rateOf(warm) / kcatRate).toFixed(2)}; cold ${Math.round(rateOf(cold)).toLocaleString('en')} records/s, ratio ${(rateOf(cold) / kcatRate).toFixed(2)}; ${first.matched} matches of ${first.scanned}${errors}; peak RSS ${Math.max(...cold.concat(warm).map((s) => s.peakRssMb)).toFixed(0)} MB; CPU warm ${(cpuMs / 1000).toFixed(2)} s (${((cpuMs * 1000) / first.scanned).toFixed(2)} µs/record, ${((cpuMs * 1000) / first.scanned / kcatCpuUs).toFixed(1)}× kcat's); decode threads ${threadsText(warm)}  (warm runs: ${times(warm)}; cold: ${times(cold)})`,
      );
    });
  }
  console.log(`\nscans: built core and scan workers in ${children}; cores: ${availableParallelism()}`);
  console.log(`\ntargets (issue 12): ratio ≥ 1.0 with a few-field filter, ≥ 0.8 decoding whole records; peak RSS < 300 MB at 10M records; first page < 200 ms. Load average now: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  if (!running) await stopLab();
}
