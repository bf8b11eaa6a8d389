// Journey: open a topic whose records hold integers past 2^53, NaN and bytes that are not text; filter on an
// exact integer, open the record and see every digit; see NaN and ±Infinity as such; see why bytes stay hex.
// Browser mode carries the values over its WebSocket (the JSON codec), the path most likely to lose them.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pythonProduce } from '../integration/python-kafka';
import { openBrowserMode, type BrowserMode } from './browser-mode';

const lab = inject('lab');
const topic = `e2e-exact-${Date.now().toString(36)}`;
const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
const AVRO = JSON.stringify({ type: 'record', name: 'Reading', fields: [{ name: 'id', type: 'long' }, { name: 'ratio', type: 'double' }, { name: 'peak', type: 'float' }] });
let app: BrowserMode;

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  pythonProduce(lab, topic, [
    { key: 'rounds-to', value: '{"id": 9007199254740992, "at": [1, 2]}', format: 'string' },
    { key: 'exact', value: '{"id": 9007199254740993, "max": 9223372036854775807, "nested": {"ids": [-9007199254740993]}}', format: 'string' },
    { key: 'png', value: '89504e470d0a1a0a', format: 'hex' },
  ]);
  if (lab.registry) pythonProduce(lab, topic, [{ key: 'nan', value: { id: 2n ** 63n - 1n, ratio: NaN, peak: -Infinity }, format: 'avro' }], { schemas: { avro: AVRO } });
  app = await openBrowserMode(lab.home);
});
afterAll(async () => {
  await app?.close();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe('exact values in the message browser', () => {
  it('filters on an exact integer and shows every digit, NaN and ±Infinity, and why bytes stay hex', async () => {
    const { page } = app;
    await page.getByTestId('nav-topics').click();
    await page.getByTestId('topic-search').fill(topic);
    await page.locator(`[data-testid=topic-row][data-topic="${topic}"]`).click();
    const rows = page.getByTestId('record-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(lab.registry ? 4 : 3);
    const valueCell = (i: number) => rows.nth(i).locator('div').nth(4);
    expect(await valueCell(0).textContent()).toBe('{"id":9007199254740992,"at":[1,2]}');
    expect(await valueCell(1).textContent()).toBe('{"id":9007199254740993,"max":9223372036854775807,"nested":{"ids":[-9007199254740993]}}');
    if (lab.registry) expect(await valueCell(3).textContent()).toBe('{"id":9223372036854775807,"ratio":NaN,"peak":-Infinity}');

    await page.getByTestId('cel-filter').fill('value.id == 9007199254740993');
    await page.getByTestId('search').click();
    await page.getByTestId('search-summary').waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-offset')).toBe('1');
    await rows.first().click();
    await expect.poll(() => page.getByTestId('detail-value').textContent()).toContain('"id": 9007199254740993,\n  "max": 9223372036854775807,');
    await app.screenshot('exact-values-filter-detail');

    await page.getByTestId('cel-filter').fill('');
    await page.getByTestId('read').click();
    await expect.poll(() => rows.count()).toBe(lab.registry ? 4 : 3);
    await rows.nth(2).click();
    await expect.poll(() => page.getByTestId('detail-value-fallback').textContent()).toBe('Shown as hex: not valid UTF-8 text, and no magic byte 0x00 (not the schema-registry wire format).');
    await app.screenshot('exact-values-hex-reason');
    if (lab.registry) {
      await rows.nth(3).click();
      await expect.poll(() => page.getByTestId('detail-value').textContent()).toBe('{\n  "id": 9223372036854775807,\n  "ratio": NaN,\n  "peak": -Infinity\n}');
    }
    await app.screenshot('exact-values-nan');
  });
});
