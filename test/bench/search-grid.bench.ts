// npm run bench:grid — a search that fills the message grid to its 1,000,000-row limit, in browser mode as a person
// runs it: `floe serve` (built; run `npm run build` first) and Debian's chromium, against the bench:browse JSON topic
// (1M ~200-byte values over 6 partitions, produced with kcat once per lab). Per run: time from the Search click to the
// summary, the renderer's JS heap after a GC (CDP) and its script time during the search, the rows the grid holds
// and the offset shown after scrolling to the bottom; the serving process's peak RSS over all runs. Medians of
// BENCH_RUNS (3); BENCH_RECORDS=N for a smaller topic. Uses a running lab (FLOE_LAB_HOME, or `floe lab up`). Prints figures; asserts nothing.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { readLabState } from '../../electron/lab';
import { MAX_SEARCH_MATCHES } from '../../shared/model/messages';
import { CHROMIUM, FLAGS } from '../e2e/browser-mode';
import { startServe } from '../integration/server/serve-process';
import { ensureJsonTopic } from './browse-topics';
import { peakRssMb } from './peak-rss';

const RECORDS = Number(process.env.BENCH_RECORDS ?? MAX_SEARCH_MATCHES);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const topic = `bench-browse-${RECORDS}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
/** CPU seconds (user + system) a process has used, from /proc (clock ticks of 1/100 s). */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

const lab = readLabState();
if (!lab) throw new Error('No lab is running: start one (floe lab up) or point FLOE_LAB_HOME at it');
const t = performance.now();
if (await ensureJsonTopic(lab, topic, RECORDS)) console.log(`[bench:grid] produced ${topic} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
console.log(`[bench:grid] load average at the start ${load()}`);

const serve = await startServe(lab.home);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const heapMb = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
  };
  const metric = async (name: string) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value ?? NaN;
  const scriptSeconds = () => metric('ScriptDuration');
  await page.goto(serve.url);
  await page.getByTestId('nav-topics').click();
  await page.getByTestId('topic-search').fill(topic);
  await page.locator(`[data-testid=topic-row][data-topic="${topic}"]`).click();
  await page.getByTestId('topic-title').waitFor();
  await page.getByTestId('text-filter').fill('user-'); // in every value
  await page.getByTestId('max-matches').fill(String(RECORDS));
  const runs: { s: number; heap: number; script: number; rows: string; last: string | null }[] = [];
  // The heap with a page of 200 records shown, before any search: each run's rows are measured against it, so rows
  // a search left behind after the next one (a leak) would show as a growing figure.
  await page.getByTestId('messages-status').filter({ hasText: /^200 record/ }).waitFor();
  const heapBefore = await heapMb();
  for (let i = 0; i < RUNS; i++) {
    await page.getByTestId('read').click();
    await page.getByTestId('messages-status').filter({ hasText: /^200 record/ }).waitFor();
    const heapBetween = await heapMb();
    const scriptBefore = await scriptSeconds();
    const taskBefore = await metric('TaskDuration');
    const serveCpuBefore = cpuSeconds(serve.child.pid!);
    const started = performance.now();
    await page.getByTestId('search').click();
    await page.getByTestId('search-summary').waitFor({ timeout: 600_000 });
    const s = (performance.now() - started) / 1000;
    const script = (await scriptSeconds()) - scriptBefore;
    const busy = { renderer: (await metric('TaskDuration')) - taskBefore, serve: cpuSeconds(serve.child.pid!) - serveCpuBefore };
    const heap = (await heapMb()) - heapBefore;
    const rows = (await page.getByTestId('messages-status').textContent()) ?? '';
    await page.getByTestId('record-row').first().evaluate((el) => {
      let scroller: Element | null = el;
      while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
      scroller?.scrollTo(0, scroller.scrollHeight);
    });
    await page.waitForTimeout(300);
    const last = await page.getByTestId('record-row').last().getAttribute('data-offset');
    runs.push({ s, heap, script, rows, last });
    console.log(`[bench:grid] run ${i + 1}: ${s.toFixed(1)} s to the summary, renderer heap +${heap.toFixed(0)} MB for the rows (+${(heapBetween - heapBefore).toFixed(0)} MB before the search, a page shown), renderer script ${script.toFixed(1)} s, renderer main thread busy ${busy.renderer.toFixed(1)} s, floe serve CPU ${busy.serve.toFixed(1)} s; grid: "${rows}", last row offset ${last}; load ${load()}`);
  }
  await page.screenshot({ path: 'test-results/bench-grid.png' });
  console.log(
    `[bench:grid] ${RECORDS.toLocaleString('en-US')} matches into the grid, median of ${RUNS}: ${median(runs.map((r) => r.s)).toFixed(1)} s (${Math.round(RECORDS / median(runs.map((r) => r.s))).toLocaleString('en-US')} matches/s), renderer heap for the rows ${median(runs.map((r) => r.heap)).toFixed(0)} MB (${((median(runs.map((r) => r.heap)) * 2 ** 20) / RECORDS).toFixed(0)} bytes/row), renderer script time ${median(runs.map((r) => r.script)).toFixed(1)} s; floe serve peak RSS ${peakRssMb(serve.child.pid!).toFixed(0)} MB; load average at the end ${load()}`,
  );
} finally {
  await browser.close();
  serve.child.kill('SIGTERM');
  await serve.exited;
}
