// Child process of browse.bench.ts: one filtered, decoded scan through the core, so its peak RSS is the scan's own.
import { startCore } from '../integration/core-session';

const [labHomeArg, topic, filter, threadsArg] = process.argv.slice(2) as [string, string, string, string | undefined];
const threads = threadsArg === undefined || threadsArg === 'auto' ? undefined : Number(threadsArg);
const core = startCore(labHomeArg);
let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
await core.client.call('messages.read', { profileId: 'local-lab', topic, start: { kind: 'beginning' }, limit: 1 }); // connect first
const started = performance.now();
const cpu = process.cpuUsage();
let emitted = 0;
const summary = await core.client.stream('messages.search', { profileId: 'local-lab', topic, filter, maxMatches: 1_000_000, threads }, (e) => {
  if (e.kind === 'matches') emitted += e.records.length;
});
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
clearInterval(timer);
await core.close();
process.stdout.write(JSON.stringify({ scanned: summary.scanned, matched: summary.matched, emitted, ms, cpuMs: (used.user + used.system) / 1000, decodeErrors: summary.decodeErrors.reduce((n, e) => n + e.count, 0), filterErrors: summary.filterErrors.reduce((n, e) => n + e.count, 0), threads: summary.threads, peakRssMb: Math.max(peak, process.resourceUsage().maxRSS * 1024) / 2 ** 20 }) + '\n');
