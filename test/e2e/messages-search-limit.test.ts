// Journey: search a 60,000-record topic in browser mode. A max above the grid's row limit is refused with the reason;
// a search that reaches its max says "result limit reached" and shows exactly that many rows, ending at the offsets the
// summary names; a search of every record streams all 60,000 into the grid (through the stream's flow control) and
// the last row is the last offset.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fillTopic } from '../integration/filled-topic';
import { openBrowserMode, type BrowserMode } from './browser-mode';

const lab = inject('lab');
const topic = `e2e-search-limit-${Date.now().toString(36)}`;
const PARTITIONS = 2;
const PER_PARTITION = 30_000;
let app: BrowserMode;
let dropTopic: () => Promise<void>;

beforeAll(async () => {
  dropTopic = await fillTopic(lab, topic, PARTITIONS, PER_PARTITION);
  app = await openBrowserMode(lab.home);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await dropTopic?.();
});

describe('search result limit', () => {
  it('refuses a max above the row limit, stops at the max asked saying so, and streams every match when asked', async () => {
    const { page } = app;
    await page.getByTestId('nav-topics').click();
    await page.getByTestId('topic-search').fill(topic);
    await page.locator(`[data-testid=topic-row][data-topic="${topic}"]`).click();
    await page.getByTestId('topic-title').waitFor();
    const status = page.getByTestId('messages-status');

    await page.getByTestId('text-filter').fill('xxxx');
    await page.getByTestId('max-matches').fill('2,000,000');
    await page.getByTestId('search').click();
    await expect.poll(() => page.locator('.searchbar .problem').textContent()).toMatch(/^Max matches is at most 1,000,000, the grid's row limit/);
    await app.screenshot('search-limit-refused');

    await page.getByTestId('max-matches').fill('25000');
    await page.getByTestId('search').click();
    await page.getByTestId('search-summary').waitFor({ timeout: 60_000 });
    const summary = (await page.getByTestId('search-summary').textContent()) ?? '';
    expect(summary).toMatch(/^Result limit reached: 25,000 matches, the max asked/);
    await expect.poll(() => status.textContent()).toBe('25,000 record(s)');
    // The summary's ranges add up to the rows shown: nothing dropped, nothing doubled.
    const scanned = [...summary.matchAll(/p(\d) \[0–([\d,]+)\)/g)].reduce((n, m) => n + Number(m[2]!.replace(/,/g, '')), 0);
    expect(scanned).toBe(25_000);
    await app.screenshot('search-limit-reached');

    await page.getByTestId('max-matches').fill('1000000');
    await page.getByTestId('search').click();
    await page.getByTestId('search-summary').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('search-summary').textContent()).toMatch(/^Scanned everything asked: p0 \[0–30,000\), p1 \[0–30,000\)/);
    // Beside the summary, what was scanned and matched: no rate or ETA of the last report.
    await expect.poll(() => page.getByTestId('search-progress').textContent()).toBe('60,000 of 60,000 scanned · 60,000 matches');
    await expect.poll(() => status.textContent()).toBe('60,000 record(s)');
    const grid = page.getByTestId('record-row').first().locator('xpath=..');
    await grid.evaluate((el) => {
      let scroller: Element | null = el;
      while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
      scroller?.scrollTo(0, scroller.scrollHeight);
    });
    await expect.poll(() => page.getByTestId('record-row').last().getAttribute('data-offset')).toBe(String(PER_PARTITION - 1));
    await app.screenshot('search-all-streamed');
  }, 240_000);
});
