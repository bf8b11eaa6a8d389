// Child process of land.bench.ts: one landing job run by LandService in this process (as `floe land run` and the
// app's core run it), so the peak RSS is the landing's own. argv: LAB_HOME JOB_SPEC_JSON. Prints one JSON line when
// the job runs ({ startedAtMs }); on a line "stop" on stdin it stops the job (its final commit) and prints
// { peakRssMb, startRssMb, peakHeapMb, peakExternalMb, cpuMs, status } (the JS heap and Buffers beside the RSS,
// whose rest is native: DuckDB, the loaded code).
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { LandJobSpec } from '../../shared/model/land';
import { startCore } from '../integration/core-session';
import { peakRssMb as processPeakRssMb } from './peak-rss';

const [labHomeArg, specJson] = process.argv.slice(2) as [string, string];
const spec = JSON.parse(specJson) as LandJobSpec;
const core = startCore(labHomeArg);
const startRss = process.memoryUsage().rss;
let peak = startRss;
let peakHeap = 0;
let peakExternal = 0;
const timer = setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  // external already counts arrayBuffers (Node's Buffers among them).
  peakExternal = Math.max(peakExternal, m.external);
}, 20);
// BENCH_MEM_TRACE=<file>: a line of memory figures (MB) every 250 ms, to see what grows when.
const trace = process.env.BENCH_MEM_TRACE ? `${process.env.BENCH_MEM_TRACE}.${spec.mode ?? "job"}` : null;
const t0 = Date.now();
const mb0 = (n: number) => Math.round(n / 2 ** 20);
const tracer = trace
  ? setInterval(() => {
      const m = process.memoryUsage();
      appendFileSync(trace, `${Date.now() - t0} rss ${mb0(m.rss)} heap ${mb0(m.heapUsed)}/${mb0(m.heapTotal)} external ${mb0(m.external)} arrayBuffers ${mb0(m.arrayBuffers)}\n`);
    }, 250)
  : null;
const cpu = process.cpuUsage();

const job = await core.client.call('land.create', spec);
const startedAtMs = Date.now();
await core.client.call('land.start', { job: job.id });
process.stdout.write(`${JSON.stringify({ startedAtMs })}\n`);

for await (const line of createInterface({ input: process.stdin })) if (line.trim() === 'stop') break;
if (process.env.BENCH_HEAP_SNAPSHOT) (await import('node:v8')).writeHeapSnapshot(`${process.env.BENCH_HEAP_SNAPSHOT}.${spec.mode ?? 'job'}.heapsnapshot`);
const stopped = await core.client.call('land.stop', { job: job.id });
clearInterval(timer);
if (tracer) clearInterval(tracer);
const used = process.cpuUsage(cpu);
await core.close();
const peakRssMb = Math.max(peak / 2 ** 20, processPeakRssMb());
const mb = (n: number) => n / 2 ** 20;
process.stdout.write(`${JSON.stringify({ peakRssMb, startRssMb: mb(startRss), peakHeapMb: mb(peakHeap), peakExternalMb: mb(peakExternal), cpuMs: (used.user + used.system) / 1000, status: stopped.status })}\n`);
process.exit(0);
