// Child process of browse.bench.ts: filtered, decoded scans through one core, so its peak RSS is the scans' own. The
// first is a fresh core's first search (cold: modules load, code is not yet optimized, workers run their first jobs); the next SCANS - 1 are the
// same core searching again (warm), as the app's core does for every search after its first. Matches are asked for as the
// app's search grid asks (view 'frame': the grid's rows in columns, no decoded bodies) and cloned to this client as to the desktop's renderer. One JSON line each.
import { startCore } from '../integration/core-session';
import { peakRssMb, resetPeakRss } from './peak-rss';

const [labHomeArg, topic, filter, threadsArg, scansArg = '4'] = process.argv.slice(2) as [string, string, string, string | undefined, string | undefined];
// BENCH_VIEW=grid: the matches as objects, the form the app asked for before frames.
const view = process.env.BENCH_VIEW === 'grid' ? 'grid' : 'frame';
const threads = threadsArg === undefined || threadsArg === 'auto' ? undefined : Number(threadsArg);
const core = startCore(labHomeArg);
// Connect and read the first page, as the app does when a topic opens (the read starts the scan workers a search would
// use); then a second before the first search, as a person reads the page and types a filter (BENCH_PAUSE_MS).
await core.client.call('messages.read', { profileId: 'local-lab', topic, start: { kind: 'beginning' }, limit: 1 });
await new Promise((resolve) => setTimeout(resolve, Number(process.env.BENCH_PAUSE_MS ?? 1000)));
for (let i = 0; i < Number(scansArg); i++) {
  resetPeakRss(); // each scan's own peak, from the RSS it starts with
  const started = performance.now();
  const cpu = process.cpuUsage();
  let emitted = 0;
  const summary = await core.client.stream('messages.search', { profileId: 'local-lab', topic, filter, maxMatches: 1_000_000, threads, view }, (e) => {
    if (e.kind === 'frame') emitted += e.frame.rows;
    if (e.kind === 'matches') emitted += e.records.length;
  });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const count = (list: { count: number }[]) => list.reduce((n, e) => n + e.count, 0);
  process.stdout.write(
    JSON.stringify({ scanned: summary.scanned, matched: summary.matched, emitted, ms, cpuMs: (used.user + used.system) / 1000, decodeErrors: count(summary.decodeErrors), filterErrors: count(summary.filterErrors), threads: summary.threads, coreScanned: summary.coreScanned ?? 0, peakRssMb: peakRssMb() }) + '\n',
  );
}
await core.close();
