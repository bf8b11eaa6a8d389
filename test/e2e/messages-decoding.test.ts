// Journey: a topic with malformed JSON and binary among good records, browsed in a browser whose local zone
// is Asia/Kolkata (+05:30): undecodable records are marked and can be shown alone (page and search), the
// Partitions box drives every action, the detail follows the decoding, fits beside the grid and shows long
// headers whole, and every time reads one way in the zone chosen (remembered across a reload).
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowserMode, type BrowserMode } from './browser-mode';
import { exactProducer } from '../integration/exact-producer';

const lab = inject('lab');
const run = Date.now().toString(36);
const topic = `e2e-decoding-${run}`;
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const producer = exactProducer(kafka);
const T0 = Date.UTC(2024, 4, 1, 10, 0, 0, 0); // 2024-05-01 10:00:00 UTC = 15:30 in Kolkata
const STACK = ['org.apache.kafka.connect.errors.DataException: Converting byte[] to Kafka Connect data failed', ...Array.from({ length: 30 }, (_, i) => `\tat org.apache.kafka.connect.runtime.Frame${i}.call(Frame${i}.java:${100 + i})`), 'Caused by: the last line of the trace'].join('\n');
let app: BrowserMode;

beforeAll(async () => {
  await Promise.all([admin.connect(), producer.connect()]);
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  const good = (n: number, partition: number) => ({ key: `ok-${n}`, value: JSON.stringify({ id: n, amount: n * 10 }), partition, timestamp: String(T0 + n * 1000) });
  await producer.send({
    topic,
    messages: [
      good(0, 0),
      good(1, 0),
      { key: 'bad-2', value: '{"id": 2, "amount": }', partition: 0, timestamp: String(T0 + 2000), headers: { '__connect.errors.exception.stacktrace': STACK, '__connect.errors.topic': 'orders' } },
      good(3, 0),
      good(4, 1),
      { key: 'bin-5', value: Buffer.from([0xc3, 0x28, 0xff, 0x00]), partition: 1, timestamp: String(T0 + 5000) },
      good(6, 1),
    ],
  });
  app = await openBrowserMode(lab.home, { timezoneId: 'Asia/Kolkata' });
});
afterAll(async () => {
  await app?.close();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

const keysOf = (page: BrowserMode['page']) => page.getByTestId('record-row').evaluateAll((els) => els.map((e) => e.querySelectorAll(':scope > div')[3]?.textContent ?? ''));

describe('decode failures, partitions, detail and time', () => {
  it('marks undecodable records and shows only them, on the page and in a search', async () => {
    const { page } = app;
    await page.getByTestId('nav-topics').click();
    await page.getByTestId('topic-search').fill(topic);
    await page.locator(`[data-testid=topic-row][data-topic="${topic}"]`).click();
    const rows = page.getByTestId('record-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(7);

    const badges = page.getByTestId('decode-badge-value');
    await expect.poll(() => badges.count()).toBe(2);
    expect(await badges.allTextContents()).toEqual(['as text', 'as hex']);
    expect(await badges.first().getAttribute('title')).toMatch(/^value: auto fell back \(not valid JSON: .+\); shown as text\.$/);
    expect(await badges.nth(1).getAttribute('title')).toMatch(/not valid UTF-8 text/);
    expect(await page.getByTestId('undecodable-count').textContent()).toContain('2 undecodable');

    await page.getByTestId('only-undecodable').check();
    await expect.poll(() => rows.count()).toBe(2);
    expect((await keysOf(page)).sort()).toEqual(['bad-2', 'bin-5']);
    await badges.first().hover();
    await app.screenshot('messages-undecodable');

    // The same box makes Search look for undecodable records over the whole topic (the core's predicate).
    await page.getByTestId('search').click();
    await page.getByTestId('search-summary').waitFor();
    await expect.poll(() => rows.count()).toBe(2);
    const summary = await page.getByTestId('search-summary').textContent();
    expect(summary).toMatch(/^Scanned everything asked: p0 \[0–4\), p1 \[0–3\) · auto fell back: /);
    expect(summary).toContain('1× not valid UTF-8 text');
    expect(summary).toMatch(/1× not valid JSON: /);
    await page.getByTestId('only-undecodable').uncheck();
  });

  it('uses what the Partitions box shows for every action', async () => {
    const { page } = app;
    const rows = page.getByTestId('record-row');
    await page.getByTestId('partitions-input').fill('1');
    await page.getByTestId('start-kind').selectOption('beginning');
    await page.getByTestId('read').click();
    await expect.poll(() => rows.evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-partition')))])).toEqual(['1']);

    // Cleared: it shows "all", and Search scans all without pressing Read first; paging waits for a Read.
    await page.getByTestId('partitions-input').fill('');
    expect(await page.getByTestId('partitions-input').getAttribute('placeholder')).toBe('all');
    expect(await page.getByTestId('page-prev').getAttribute('title')).toBe('The partitions changed: Read first');
    await page.getByTestId('search').click();
    await expect.poll(() => page.getByTestId('search-summary').textContent()).toMatch(/p0 \[0–4\), p1 \[0–3\)/);
    await expect.poll(() => rows.count()).toBe(7);

    await page.getByTestId('partitions-input').fill('0, 7');
    expect(await page.getByTestId('start-problem').textContent()).toBe('Partition 7 does not exist (the topic has 2)');
    await page.getByTestId('search').click();
    expect(await page.locator('.searchbar .problem').textContent()).toBe('Partition 7 does not exist (the topic has 2)');
    await app.screenshot('messages-partitions');
    await page.getByTestId('partitions-input').fill('');
    await expect.poll(() => page.locator('.searchbar .problem').count()).toBe(0); // fixed: the refusal goes (cleared by an effect, a render later)
  });

  it('follows the decoding in the detail, fits beside the grid and shows long headers whole', async () => {
    const { page } = app;
    await page.getByTestId('read').click();
    const bad = page.locator('[data-testid=record-row][data-partition="0"][data-offset="2"]');
    await bad.click();
    await expect.poll(() => page.getByTestId('detail-value-fallback').textContent()).toMatch(/^Shown as text: not valid JSON/);

    await page.getByTestId('decode-value').selectOption('json');
    await expect.poll(() => page.getByTestId('detail-value-error').textContent()).toMatch(/^Not decoded: not valid JSON/);
    expect(await page.getByTestId('detail-value').textContent()).toBe(Buffer.from('{"id": 2, "amount": }').toString('hex'));
    await page.getByTestId('decode-value').selectOption('string');
    await expect.poll(() => page.getByTestId('detail-value-error').count()).toBe(0);
    expect(await page.getByTestId('detail-value-fallback').count()).toBe(0);
    expect(await page.getByTestId('detail-value').textContent()).toBe('{"id": 2, "amount": }');
    await page.getByTestId('decode-value').selectOption('auto');
    await expect.poll(() => page.getByTestId('detail-value-fallback').count()).toBe(1);

    // Every grid column stays in view beside the detail pane.
    const grid = await page.locator('.split-main').boundingBox();
    for (const column of ['Size', 'Schema']) {
      const cell = await page.locator('.mrow.head > div', { hasText: new RegExp(`^${column}$`) }).boundingBox();
      expect(cell!.x + cell!.width).toBeLessThanOrEqual(grid!.x + grid!.width + 1);
    }

    await page.getByTestId('detail-tab-headers').click();
    const stack = page.getByTestId('header-value').first();
    expect(await stack.evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true); // collapsed to its first lines
    await page.getByTestId('header-expand').click();
    expect(await stack.evaluate((e) => e.scrollHeight <= e.clientHeight + 1)).toBe(true);
    expect(await stack.textContent()).toContain('Caused by: the last line of the trace');
    await app.screenshot('messages-detail-headers');
  });

  it('shows and reads every time one way, in UTC or local time, remembered', async () => {
    const { page } = app;
    const first = page.locator('[data-testid=record-row][data-partition="0"][data-offset="0"]');
    expect(await page.getByTestId('grid-time-header').textContent()).toBe('Timestamp (UTC)');
    expect(await first.locator('div').nth(2).textContent()).toBe('2024-05-01 10:00:00.000');
    await first.click();
    await page.getByTestId('detail-tab-value').click();
    await expect.poll(() => page.getByTestId('detail-time').textContent()).toBe('2024-05-01 10:00:00.000 UTC (create)');

    await page.getByTestId('time-zone-toggle').click();
    expect(await page.getByTestId('grid-time-header').textContent()).toBe('Timestamp (local)');
    expect(await first.locator('div').nth(2).textContent()).toBe('2024-05-01 15:30:00.000');
    expect(await page.getByTestId('detail-time').textContent()).toBe('2024-05-01 15:30:00.000 +05:30 (create)');

    // The picker: ISO text in the chosen zone, 24-hour; a US-style time is refused, saying what to type.
    await page.getByTestId('start-kind').selectOption('timestamp');
    expect(await page.getByTestId('start-arg-zone').textContent()).toMatch(/^local, Asia\/(Kolkata|Calcutta)$/); // ICU may say the older name
    await page.getByTestId('start-arg').fill('05/01/2024, 03:30:03 PM');
    expect(await page.getByTestId('start-arg').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('read').click();
    expect(await page.getByTestId('start-problem').textContent()).toMatch(/is not a time: use YYYY-MM-DD HH:mm:ss \(local, Asia\/(Kolkata|Calcutta)\)/);
    await page.getByTestId('start-arg').fill('2024-05-01 15:30:03');
    await page.getByTestId('read').click();
    const rows = page.getByTestId('record-row');
    await expect.poll(() => keysOf(page)).toEqual(['ok-3', 'ok-4', 'bin-5', 'ok-6']);
    expect(await page.getByTestId('messages-notice').textContent()).toBe('Partition 1: 2024-05-01 15:30:03.000 +05:30 is before its first record (2024-05-01 15:30:04.000 +05:30); starting at its beginning');
    await app.screenshot('messages-time-local');

    // Remembered: after a reload the grid is still in local time.
    await page.reload();
    await page.getByTestId('nav-topics').click();
    await page.getByTestId('topic-search').fill(topic);
    await page.locator(`[data-testid=topic-row][data-topic="${topic}"]`).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(7);
    expect(await page.getByTestId('grid-time-header').textContent()).toBe('Timestamp (local)');
    expect(await page.getByTestId('time-zone-toggle').textContent()).toBe('Times: local');
  });
});
