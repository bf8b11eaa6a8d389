// Child process of land.bench.ts: one landing job run by LandService in this process (as `floe land run` and the
// app's core run it), so the peak RSS is the landing's own. argv: LAB_HOME JOB_SPEC_JSON. Prints one JSON line when
// the job runs ({ startedAtMs }); on a line "stop" on stdin it stops the job (its final commit) and prints
// { peakRssMb, cpuMs, status }.
import { createInterface } from 'node:readline';
import type { LandJobSpec } from '../../shared/model/land';
import { startCore } from '../integration/core-session';

const [labHomeArg, specJson] = process.argv.slice(2) as [string, string];
const spec = JSON.parse(specJson) as LandJobSpec;
const core = startCore(labHomeArg);
let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const cpu = process.cpuUsage();

const job = await core.client.call('land.create', spec);
const startedAtMs = Date.now();
await core.client.call('land.start', { job: job.id });
process.stdout.write(`${JSON.stringify({ startedAtMs })}\n`);

for await (const line of createInterface({ input: process.stdin })) if (line.trim() === 'stop') break;
const stopped = await core.client.call('land.stop', { job: job.id });
clearInterval(timer);
const used = process.cpuUsage(cpu);
await core.close();
const peakRssMb = Math.max(peak, process.resourceUsage().maxRSS * 1024) / 2 ** 20;
process.stdout.write(`${JSON.stringify({ peakRssMb, cpuMs: (used.user + used.system) / 1000, status: stopped.status })}\n`);
process.exit(0);
