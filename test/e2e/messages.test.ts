// Journey: find a topic, seek by timestamp, filter with CEL, open a record, produce one and see it
// arrive in live tail, then reset one partition of a consumer group (preview, apply).
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowserMode, type BrowserMode } from './browser-mode';
import { exactProducer } from '../integration/exact-producer';

const lab = inject('lab');
const run = Date.now().toString(36);
const topic = `e2e-browse-${run}`;
const group = `e2e-group-${run}`;
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const producer = exactProducer(kafka);
// Ten older records, then ten newer ones: a timestamp between them must start at the newer ten.
const OLD = Date.now() - 3_600_000;
const NEW = Date.now() - 600_000;
let app: BrowserMode;

beforeAll(async () => {
  await Promise.all([admin.connect(), producer.connect()]);
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  const batch = (from: number, timestamp: number) =>
    Array.from({ length: 10 }, (_, i) => ({ key: `k${from + i}`, value: JSON.stringify({ n: from + i, kind: (from + i) % 2 ? 'odd' : 'even' }), partition: (from + i) % 2, timestamp: String(timestamp + i) }));
  await producer.send({ topic, messages: batch(0, OLD) });
  await producer.send({ topic, messages: batch(10, NEW) });
  await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '5' }, { partition: 1, offset: '5' }] });
  app = await openBrowserMode(lab.home);
});
afterAll(async () => {
  await app?.close();
  await admin.deleteGroups([group]).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

/** A time as the timestamp box reads it (times are UTC until switched). */
const utcTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);

describe('message browser', () => {
  it('seeks by timestamp, filters, opens a record, produces into live tail', async () => {
    const { page } = app;
    await page.getByTestId('nav-topics').click();
    await page.getByTestId('topic-search').fill(topic);
    await page.locator(`[data-testid=topic-row][data-topic="${topic}"]`).click();
    await page.getByTestId('topic-title').waitFor();
    const rows = page.getByTestId('record-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(20);

    await page.getByTestId('start-kind').selectOption('timestamp');
    await page.getByTestId('start-arg').fill(utcTime(NEW - 1000));
    await page.getByTestId('read').click();
    await expect.poll(() => rows.count()).toBe(10);
    const offsets = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-offset'))));
    expect(Math.min(...offsets)).toBe(5); // each partition's sixth record is the first newer one
    await app.screenshot('messages-timestamp');

    await page.getByTestId('cel-filter').fill('value.n == 13 && key == "k13"');
    await page.getByTestId('search').click();
    await page.getByTestId('search-summary').waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByTestId('search-summary').textContent()).toMatch(/Scanned everything asked: p0 \[0–10\), p1 \[0–10\)/);

    await rows.first().click();
    await expect.poll(() => page.getByTestId('detail-value').textContent()).toContain('"n": 13');
    await app.screenshot('messages-filter-detail');

    // The value read as hex instead: the grid shows the raw bytes, the choice is kept for the topic.
    await page.getByTestId('decode-value').selectOption('hex');
    await expect.poll(() => rows.first().locator('div').nth(4).textContent()).toMatch(/^7b226e223a/);
    await page.getByTestId('decode-value').selectOption('auto');
    await expect.poll(() => rows.first().locator('div').nth(4).textContent()).toMatch(/^\{"n":/);

    await page.getByTestId('cel-filter').fill('value.n ==');
    await expect.poll(() => page.getByTestId('cel-error').textContent()).toMatch(/column \d+/);
    await page.getByTestId('cel-filter').fill('');

    await page.getByTestId('tail').click();
    await page.getByTestId('produce').click();
    await page.getByTestId('key-text').fill('fresh');
    await page.getByTestId('value-text').fill('{"n": 99, "kind": "new"}');
    await page.getByTestId('header-add').click();
    await page.getByTestId('header-key').fill('source');
    await page.getByTestId('header-value').fill('e2e');
    await page.getByTestId('produce-send').click();
    await page.getByTestId('produced').waitFor();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await rows.first().textContent()).toContain('"n":99');
    expect(await page.getByTestId('messages-status').textContent()).toContain('live tail · 1 new record');
    await page.getByTestId('tail-stop').click();
    await expect.poll(() => page.getByTestId('messages-notice').textContent()).toMatch(/^Live tail stopped: 1 record\(s\) received; next offsets .*p\d@\d+/);
    await app.screenshot('messages-tail');
  });

  it('resets a single partition of a group after a dry run', async () => {
    const { page } = app;
    await page.getByTestId('nav-groups').click();
    await page.getByTestId('group-search').fill(group);
    await page.locator(`[data-testid=group-row][data-group="${group}"]`).click();
    const partition1 = page.locator('[data-testid=group-partition][data-partition="1"]');
    await partition1.waitFor();

    // Beside the rewind, the same partition can be re-published (replay), filled in from the group's committed offset.
    await page.locator('[data-testid=group-partition][data-partition="0"]').getByTestId('replay-partition').click();
    const replay = page.getByTestId('replay-dialog');
    expect([await replay.getByTestId('replay-topic').inputValue(), await replay.getByTestId('replay-partition-number').inputValue(), await replay.getByTestId('replay-from').inputValue()]).toEqual([topic, '0', '5']);
    await replay.getByTestId('replay-target').fill(topic);
    await replay.getByTestId('replay-dry-run').click();
    await expect.poll(() => replay.getByTestId('replay-plan').locator('p').first().textContent(), { timeout: 15_000 }).toMatch(/^Dry run: \d+ records? would be sent/);
    await replay.getByRole('button', { name: 'Cancel' }).click();

    await partition1.getByTestId('reset-partition').click();
    await page.getByTestId('reset-kind').selectOption('earliest');
    await page.getByTestId('reset-preview').click();
    await expect.poll(() => page.getByTestId('reset-status').textContent()).toMatch(/Dry run/);
    expect(await page.getByTestId('reset-plan').locator('tbody tr').count()).toBe(1);
    await page.getByTestId('reset-apply').click();
    await expect.poll(() => page.getByTestId('reset-status').textContent()).toMatch(/Applied/);
    await app.screenshot('group-reset');

    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const byPartition = Object.fromEntries(committed!.partitions.map((p) => [p.partition, p.offset]));
    expect(byPartition).toEqual({ 0: '5', 1: '0' });
  });
});
