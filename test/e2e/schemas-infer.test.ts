// Journey: a new subject for a topic of JSON records; its Avro draft inferred from the records, valid in the
// editor, and the Iceberg columns it would land as.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowserMode, type BrowserMode } from './browser-mode';
import { exactProducer } from '../integration/exact-producer';

const lab = inject('lab');
const topic = `e2e-infer-${Date.now().toString(36)}`;
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
let app: BrowserMode;

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const producer = exactProducer(kafka);
  await producer.connect();
  await producer.send({
    topic,
    messages: [{ value: '{"id": 1, "amount": 10, "customer": {"name": "Ann"}}' }, { value: '{"id": 2, "amount": 2.5, "customer": {"name": "Bob", "vip": true}}' }, { value: null }],
  });
  await producer.disconnect();
  app = await openBrowserMode(lab.home);
});
afterAll(async () => {
  await app?.close();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe.skipIf(!lab.registry)('schema inference', () => {
  it('infers a new subject’s Avro draft from its topic’s JSON records', async () => {
    const { page } = app;
    await page.getByTestId('nav-schemas').click();
    await page.getByTestId('new-subject').click();
    await page.getByTestId('new-subject-name').fill(`${topic}-value`);
    expect(await page.getByTestId('infer-topic').inputValue()).toBe(topic);
    await page.getByTestId('infer-run').click();
    await expect.poll(() => page.getByTestId('infer-result').textContent(), { timeout: 30_000 }).toMatch(/^from 2 of 3 record\(s\) · 1 record\(s\) with a null value \(tombstones\) left out/);
    await expect.poll(() => page.getByTestId('draft-status').textContent(), { timeout: 15_000 }).toBe('valid');
    const editor = await page.getByTestId('draft-editor').textContent();
    expect(editor).toMatch(/"name":\s"Customer"/); // Monaco renders spaces as no-break spaces
    await app.screenshot('schemas-infer');

    // The draft as the Iceberg columns landing would create.
    await page.getByTestId('draft-iceberg').click();
    const columns = page.getByTestId('iceberg-preview');
    await expect.poll(() => columns.textContent(), { timeout: 15_000 }).toMatch(/idlongyes.*amountdoubleyes.*customerstruct<.*vip.*>yes/);
    await app.screenshot('schemas-iceberg-preview');
  });

  it('previews the Iceberg columns of the Protobuf message the user picks (the file’s first by default)', async () => {
    const { page } = app;
    // Still on the New subject page of the test above: a Protobuf draft from the template instead.
    await page.getByTestId('new-subject-name').fill(`${topic}-proto-value`);
    await page.getByTestId('new-subject-type').selectOption('PROTOBUF');
    await expect.poll(() => page.getByTestId('draft-status').textContent(), { timeout: 15_000 }).toBe('valid');
    await page.getByTestId('draft-iceberg').click();
    const columns = page.getByTestId('iceberg-preview');
    await expect.poll(() => columns.textContent(), { timeout: 15_000 }).toMatch(/idlongyes.*placed_attimestamptz.*lineslist<struct</);
    expect(await page.getByTestId('iceberg-message').inputValue()).toBe('com.example.Order');
    await page.getByTestId('iceberg-message').selectOption('com.example.Order.Line');
    await expect.poll(() => columns.textContent(), { timeout: 15_000 }).toMatch(/skustringyes.*quantityintyes/);
    expect(await page.getByTestId('iceberg-message').inputValue()).toBe('com.example.Order.Line');
    await app.screenshot('schemas-iceberg-protobuf-message');
  });
});
