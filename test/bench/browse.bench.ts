// npm run bench:browse — the message viewer against the local lab, on a 1M-record topic of ~200-byte JSON
// values over 6 partitions: time to the first page (200 records) from an offset and from a timestamp
// (median of 5), a full scan with a CEL filter (records/s, peak RSS of the scanning process) and kcat
// reading the same topic to /dev/null, with the ratio. Uses a running lab (floe lab up) or starts one.
// Prints figures; asserts nothing. Targets: first page < 200 ms; scan ≥ half of kcat's rate; RSS < 400 MB.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { readLabState, startLab, stopLab } from '../../electron/lab';
import { startCore } from '../integration/core-session';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const PARTITIONS = 6;
const TOPIC = process.env.BENCH_TOPIC ?? `bench-browse-${RECORDS}`;
// The first filter has a string literal the scan can pre-check on the raw JSON; the second must decode every record.
const FILTERS = ['value.status == "failed" && value.amount > 500.0', 'value.amount > 995.0'];
const RUNS = 5;
const KCAT = process.env.KCAT ?? '/usr/bin/kcat';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const here = import.meta.dirname;

function value(i: number): string {
  const v = { id: i, user: `user-${i % 977}`, amount: ((i * 7919) % 100000) / 100, currency: ['EUR', 'USD', 'GBP'][i % 3], status: i % 10 === 0 ? 'failed' : 'ok', note: '' };
  v.note = 'n'.repeat(Math.max(0, 200 - JSON.stringify(v).length));
  return JSON.stringify(v);
}

const running = readLabState();
const lab = running ?? (await startLab({ onProgress: (l) => console.error(l) }));
try {
  const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const offsets = (await admin.listTopics()).includes(TOPIC) ? await admin.fetchTopicOffsets(TOPIC) : [];
  const held = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  if (held !== RECORDS) {
    if (offsets.length) await admin.deleteTopics({ topics: [TOPIC] });
    await new Promise((r) => setTimeout(r, 1000));
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }], waitForLeaders: true });
    const dir = mkdtempSync(join(tmpdir(), 'floe-bench-'));
    const file = join(dir, 'records.txt');
    const lines: string[] = [];
    for (let i = 0; i < RECORDS; i++) lines.push(`k${i}\t${value(i)}`);
    writeFileSync(file, lines.join('\n') + '\n');
    const started = performance.now();
    execFileSync('bash', ['-c', `${KCAT} -P -b ${lab.kafka.plaintext} -t ${TOPIC} -K '\t' -z none -X linger.ms=20 -X batch.num.messages=10000 < ${file}`]);
    rmSync(dir, { recursive: true, force: true });
    console.log(`produced ${RECORDS} records (~200-byte values) into ${TOPIC} with kcat in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  await admin.disconnect();

  const core = startCore(lab.home);
  const profileId = 'local-lab';
  const first = await core.client.call('messages.read', { profileId, topic: TOPIC, start: { kind: 'beginning' }, limit: 1 }); // connect
  const middle = Math.floor(first.watermarks[0]!.high / 2);
  const midRecord = (await core.client.call('messages.read', { profileId, topic: TOPIC, partitions: [0], start: { kind: 'offset', offset: middle }, limit: 1 })).records[0]!;
  const fromOffset: number[] = [];
  const fromTime: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    const a = await core.client.call('messages.read', { profileId, topic: TOPIC, start: { kind: 'offset', offset: middle + i * 1000 }, limit: 200 });
    fromOffset.push(performance.now() - t);
    t = performance.now();
    const b = await core.client.call('messages.read', { profileId, topic: TOPIC, start: { kind: 'timestamp', timestamp: midRecord.timestamp }, limit: 200 });
    fromTime.push(performance.now() - t);
    if (a.records.length !== 200 || b.records.length !== 200) throw new Error(`short page: ${a.records.length}, ${b.records.length}`);
  }
  await core.close();

  const scanWith = (filter: string) =>
    Array.from({ length: 3 }, () => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'browse-scan.ts'), lab.home, TOPIC, filter], { encoding: 'utf8', maxBuffer: 64 << 20 });
      if (run.status !== 0) throw new Error(run.stderr);
      return JSON.parse(run.stdout.trim().split('\n').pop()!) as { scanned: number; matched: number; ms: number; peakRssMb: number };
    });
  const scans = FILTERS.map(scanWith);
  const kcat = Array.from({ length: 3 }, () => {
    const t = performance.now();
    const run = spawnSync('bash', ['-c', `${KCAT} -C -b ${lab.kafka.plaintext} -t ${TOPIC} -o beginning -e -q > /dev/null`]);
    if (run.status !== 0) throw new Error(String(run.stderr));
    return performance.now() - t;
  });

  const kcatRate = (RECORDS * 1000) / median(kcat);
  console.log(`topic ${TOPIC}: ${RECORDS} records, ${PARTITIONS} partitions (lab ${lab.home})`);
  console.log(`first page (200 records) from an offset, median of ${RUNS}: ${median(fromOffset).toFixed(0)} ms  (runs: ${fromOffset.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`first page (200 records) from a timestamp, median of ${RUNS}: ${median(fromTime).toFixed(0)} ms  (runs: ${fromTime.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`kcat -C -e -q to /dev/null, median of 3: ${Math.round(kcatRate).toLocaleString('en')} records/s  (runs: ${kcat.map((x) => `${(x / 1000).toFixed(2)} s`).join(', ')}, process start included)`);
  FILTERS.forEach((filter, i) => {
    const runs = scans[i]!;
    const rate = median(runs.map((s) => (s.scanned * 1000) / s.ms));
    console.log(`filtered decoded scan (CEL: ${filter}), median of 3: ${Math.round(rate).toLocaleString('en')} records/s, ${runs[0]!.matched} matches of ${runs[0]!.scanned}; peak RSS ${Math.max(...runs.map((s) => s.peakRssMb)).toFixed(0)} MB; ratio to kcat ${(rate / kcatRate).toFixed(2)}  (runs: ${runs.map((s) => `${(s.ms / 1000).toFixed(2)} s`).join(', ')})`);
  });
  console.log('targets: first page < 200 ms; ratio ≥ 0.5; peak RSS < 400 MB');
} finally {
  if (!running) await stopLab();
}
