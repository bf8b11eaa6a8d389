// Journey: a newcomer creates a profile for the lab, tests it, opens its topics and finds the one
// this test created. Also: browser mode refuses requests that lack the per-launch token.
import { get } from 'node:http';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowserMode, type BrowserMode } from './browser-mode';

const lab = inject('lab');
const run = Date.now().toString(36);
const topic = `e2e-orders-${run}`;
const decoy = `e2e-payments-${run}`;
const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
let app: BrowserMode;

/** fetch() may not set Host: a raw request can, as a DNS-rebinding page would. */
function statusWithHost(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => get(url, { headers: { Host: host } }, (res) => (res.resume(), resolve(res.statusCode))).on('error', reject));
}

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }, { topic: decoy }], waitForLeaders: true });
  app = await openBrowserMode(lab.home);
});
afterAll(async () => {
  await app?.close();
  await admin.deleteTopics({ topics: [topic, decoy] }).catch(() => undefined);
  await admin.disconnect();
});

describe('connections and topics in browser mode', () => {
  it('creates a lab profile, tests it, lists and finds a topic', async () => {
    const { page } = app;
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('new-connection').click();
    await page.getByTestId('name').fill('My lab');
    await page.getByTestId('bootstrap').fill(lab.kafka.plaintext);
    await page.getByTestId('save').click();
    await expect.poll(() => page.locator('[data-testid=profile-item][data-name="My lab"]').count()).toBe(1);

    await page.getByTestId('test-connection').click();
    const kafka = page.getByTestId('test-kafka');
    await kafka.locator('.ok').waitFor({ timeout: 15_000 });
    expect(await kafka.textContent()).toContain(`cluster ${lab.kafka.clusterId}`);
    await app.screenshot('connections-test');

    await page.getByTestId('open-topics').click();
    await page.getByTestId('topic-row').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('topic-search').fill(`orders-${run}`);
    const rows = page.getByTestId('topic-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(topic);
    expect(await page.getByTestId('topics-meta').textContent()).toMatch(/^1 of \d+ topics/);
    await app.screenshot('topics-search');

    // Keyboard first: Ctrl+P, type part of the name, Enter opens the topic.
    await page.keyboard.press('Control+P');
    await page.getByTestId('palette-input').fill(`orders ${run}`);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('topic-title').textContent()).toBe(topic);
  });

  it('refuses a request without the token', async () => {
    const bare = await fetch(`${app.origin}/`);
    expect(bare.status).toBe(401);
    const wrong = await fetch(`${app.origin}/?token=not-the-token`);
    expect(wrong.status).toBe(401);
    expect(await statusWithHost(app.url, 'evil.example')).toBe(421);
    expect((await fetch(app.url)).status).toBe(200);
  });
});
