// Offline CPU figure of the scan's per-record work (no broker): the bench:browse records encoded as batches in
// memory, cut into 256 KiB chunks as a scan's fetches return them, each scanned by ChunkScanner in this thread.
// node --import tsx test/bench/scan-cpu.ts json|avro '<filter>' [records]   (BATCH=n records per batch; the bench topics'
// batches hold ~4,600 JSON or ~1,700 Avro records as kcat and confluent-kafka produced them)
import { TopicDecoding } from '../../shared/model/messages';
import { PartDecoder } from '../../electron/core/decode/part-decoder';
import { encodeRecordBatch } from '../../electron/core/kafka/record-batch-writer';
import { compileFilter } from '../../electron/core/messages/cel-filter';
import { ChunkScanner } from '../../electron/core/messages/chunk-scanner';
import { recordReaders } from '../../electron/core/messages/record-decoder';
import { AVRO_SCHEMA, avroValue, jsonValue } from './browse-topics';

const [format = 'json', filter = 'value.amount > 995.0', n = '200000'] = process.argv.slice(2);
const records = Number(n);
const value = (i: number) => (format === 'avro' ? avroValue(i, 1) : Buffer.from(jsonValue(i)));
const chunks: { from: number; bytes: Buffer }[] = [];
let parts: Buffer[] = [];
let size = 0;
let chunkFrom = 0;
const BATCH = Number(process.env.BATCH ?? 100);
for (let base = 0; base < records; base += BATCH) {
  const b = encodeRecordBatch(Array.from({ length: Math.min(BATCH, records - base) }, (_, k) => ({ key: Buffer.from(`k${base + k}`), value: value(base + k), headers: [], timestamp: 1_700_000_000_000 + base + k })));
  b.writeBigInt64BE(BigInt(base), 0);
  parts.push(b);
  size += b.length;
  if (size >= 256 << 10) {
    chunks.push({ from: chunkFrom, bytes: Buffer.concat(parts) });
    parts = [];
    size = 0;
    chunkFrom = base + BATCH;
  }
}
if (parts.length) chunks.push({ from: chunkFrom, bytes: Buffer.concat(parts) });
const schemas = { get: async (id: number) => ({ id, schemaType: 'AVRO' as const, schema: JSON.stringify(AVRO_SCHEMA), references: [], resolvedReferences: new Map() }) };
const readers = await recordReaders(TopicDecoding.parse({}), new PartDecoder(schemas), null);
const scanner = await ChunkScanner.create(readers, { filter: compileFilter(filter, { quick: process.env.SCAN_QUICK !== '0' }) });
const run = async () => {
  const cpu = process.cpuUsage();
  const t = performance.now();
  let matched = 0;
  let scanned = 0;
  let failures = 0;
  for (const c of chunks) {
    const r = await scanner.scan({ partition: 0, from: c.from, to: Infinity, bytes: c.bytes, maxMatches: Infinity });
    matched += r.matches.length;
    scanned += r.scanned;
    failures += r.failures.length;
  }
  const used = process.cpuUsage(cpu);
  return { scanned, matched, failures, ms: performance.now() - t, usPerRecord: (used.user + used.system) / scanned };
};
const runs = [];
await run(); // warm-up
const profile = process.env.SCAN_PROFILE; // a .cpuprofile of the measured runs only
const { Session } = await import('node:inspector/promises');
const session = profile ? new Session() : null;
const allocations = process.env.SCAN_ALLOCATIONS; // sampled allocations of the measured runs, collected ones included
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const heapSession = allocations ? new Session() : null;
if (heapSession) {
  heapSession.connect();
  await heapSession.post('HeapProfiler.enable');
  await heapSession.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
}
for (let i = 0; i < Number(process.env.RUNS ?? 5); i++) runs.push(await run());
if (heapSession) {
  const { profile: p } = await heapSession.post('HeapProfiler.stopSampling');
  (await import('node:fs')).writeFileSync(allocations!, JSON.stringify(p));
}
if (session) {
  const { profile: p } = await session.post('Profiler.stop');
  (await import('node:fs')).writeFileSync(profile!, JSON.stringify(p));
}
const us = runs.map((r) => r.usPerRecord).sort((a, b) => a - b);
console.log(JSON.stringify({ format, filter, ...runs[0], usPerRecordMedian: us[Math.floor(us.length / 2)], runs: us.map((u) => +u.toFixed(3)) }));
