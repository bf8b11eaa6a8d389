// Journey: a group that committed one partition of three. Its page shows every partition, the never-committed
// ones with their lag from both possible starts (labelled), a lag chart with a scale, its last value and a
// tooltip, and numbers formatted as on every other page.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowserMode, type BrowserMode } from './browser-mode';
import { exactProducer } from '../integration/exact-producer';

const lab = inject('lab');
const run = Date.now().toString(36);
const topic = `e2e-lag-${run}`;
const group = `e2e-lag-group-${run}`;
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const producer = exactProducer(kafka);
let app: BrowserMode;

beforeAll(async () => {
  await Promise.all([admin.connect(), producer.connect()]);
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  // Partition 0: 1,093 records, committed at 753 (lag 340); partitions 1 and 2: 600 and 361 records never committed.
  for (const [partition, count] of [[0, 1093], [1, 600], [2, 361]] as const)
    for (let i = 0; i < count; i += 500)
      await producer.send({ topic, messages: Array.from({ length: Math.min(500, count - i) }, (_, j) => ({ partition, value: JSON.stringify({ n: i + j }) })) });
  await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '753' }] });
  app = await openBrowserMode(lab.home);
});
afterAll(async () => {
  await app?.close();
  await admin.deleteGroups([group]).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

const cells = (row: ReturnType<BrowserMode['page']['locator']>) => row.locator('td').allTextContents();

describe('consumer group lag', () => {
  it('shows never-committed partitions with both possible lags, and a labelled lag chart', async () => {
    const { page } = app;
    await page.getByTestId('nav-groups').click();
    await page.getByTestId('group-search').fill(group);
    const listed = page.locator(`[data-testid=group-row][data-group="${group}"]`);
    await listed.waitFor({ timeout: 15_000 });
    expect(await listed.locator('td').nth(4).textContent()).toBe('340 + 961 in 2 never-committed partitions if earliest (0 if latest)');
    await listed.click();

    const rows = page.getByTestId('group-partition');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    expect((await cells(rows.nth(0))).slice(0, 5)).toEqual(['0', '753', '0', '1,093', '340']);
    expect((await cells(rows.nth(1))).slice(0, 5)).toEqual(['1', 'never', '0', '600', '600 if earliest · 0 if latest']);
    expect((await cells(rows.nth(2))).slice(0, 5)).toEqual(['2', 'never', '0', '361', '361 if earliest · 0 if latest']);
    expect(await page.getByTestId('group-lag').textContent()).toBe('Lag 340 + 961 in 2 never-committed partitions if earliest (0 if latest)');

    // The chart: a scale from 0 to its largest value, the time span, the last value; hover names a sample.
    const chart = page.getByTestId('lag-chart');
    await expect.poll(() => chart.locator('svg').count(), { timeout: 20_000 }).toBe(1);
    expect(await chart.locator('.tick').allTextContents()).toEqual(['340', '0', expect.stringMatching(/^−\d+ s$/), 'now']);
    expect(await page.getByTestId('lag-chart-value').textContent()).toBe('340 records now');
    expect(await chart.locator('svg').getAttribute('aria-label')).toMatch(/^Committed lag while open: 340 records now, at most 340 in the last \d+ s$/);
    await chart.locator('svg').hover({ position: { x: 50, y: 20 } });
    await expect.poll(() => page.getByTestId('lag-chart-value').textContent()).toMatch(/^340 records at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC$/);
    expect(await chart.locator('.cursor').count()).toBe(1);
    await app.screenshot('group-lag');

    // The same numbers, formatted the same way, on the topic's pages.
    await page.getByTestId('nav-topics').click();
    await page.getByTestId('topic-search').fill(topic);
    await page.locator(`[data-testid=topic-row][data-topic="${topic}"]`).click();
    await page.getByTestId('tab-partitions').click();
    await expect.poll(() => page.locator('table.grid tbody tr').first().locator('td').allTextContents()).toContain('1,093');
    await page.getByTestId('tab-consumers').click();
    const onTopic = page.getByTestId('topic-group');
    await onTopic.waitFor();
    expect(await onTopic.locator('.row .muted').textContent()).toBe('lag 340 + 961 in 2 never-committed partitions if earliest (0 if latest)');
    expect((await onTopic.locator('tbody tr').nth(1).locator('td').allTextContents())).toEqual(['1', 'never', '0', '600', '600 if earliest · 0 if latest']);
    await app.screenshot('topic-consumers');
  });
});
