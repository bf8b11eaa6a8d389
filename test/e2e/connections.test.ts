// Journey: a newcomer creates a profile for the lab, tests it, opens its topics and finds the one
// this test created. Also: browser mode refuses requests that lack the per-launch token.
import { get } from 'node:http';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Locator } from 'playwright-core';
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

/** Whether the element lies wholly inside the window. */
const inView = (el: Locator) => el.evaluate((e) => {
  const r = e.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight + 1 && r.height > 0; // layout is fractional
});

/**
 * How a button looks under the pointer: opacity, and whether it still reads as a primary button (not the plain
 * hover grey, its text contrast at least 4.5:1 against its background).
 */
const looks = (el: Locator) =>
  el.evaluate((e) => {
    const rgb = (css: string) => {
      const probe = document.createElement('span');
      probe.style.color = css;
      document.body.append(probe);
      const canvas = document.createElement('canvas').getContext('2d')!;
      canvas.fillStyle = getComputedStyle(probe).color;
      canvas.fillRect(0, 0, 1, 1);
      probe.remove();
      return [...canvas.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    };
    const luminance = (c: number[]) => {
      const [r, g, b] = c.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const style = getComputedStyle(e);
    const bg = rgb(style.backgroundColor);
    const fg = rgb(style.color);
    const plainHover = rgb(getComputedStyle(document.documentElement).getPropertyValue('--panel-2'));
    const [hi, lo] = [luminance(bg), luminance(fg)].sort((a, b) => b - a);
    const contrast = (hi! + 0.05) / (lo! + 0.05);
    return { opacity: style.opacity, contrast, primary: contrast >= 4.5 && bg.join() !== plainHover.join() };
  });

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

    // A clicked primary button still looks primary (it stays under the pointer, and focused).
    expect(await looks(page.getByTestId('save'))).toMatchObject({ opacity: '1', primary: true });

    // A laptop-sized window: the results land below the form's end.
    await page.setViewportSize({ width: 1280, height: 640 });
    await page.getByTestId('test-connection').click();
    const kafka = page.getByTestId('test-kafka');
    await kafka.locator('.ok').waitFor({ timeout: 15_000 });
    expect(await kafka.textContent()).toContain(`cluster ${lab.kafka.clusterId}`);
    // The results come into view: the form is taller than the window, so the editor scrolled down to them.
    await expect.poll(() => inView(page.getByTestId('test-report'))).toBe(true);
    await app.screenshot('connections-test');
    expect(await page.getByTestId('profile-editor').evaluate((e) => e.scrollTop)).toBeGreaterThan(0);

    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('save').textContent()).toBe('Save');
    await page.getByTestId('save').hover();
    expect(await looks(page.getByTestId('save'))).toMatchObject({ opacity: '1', primary: true });
    await page.getByTestId('test-connection').click();
    await page.getByTestId('test-kafka').locator('.ok').waitFor({ timeout: 15_000 });
    await expect.poll(() => inView(page.getByTestId('test-report'))).toBe(true);
    await app.screenshot('connections-test-dark');
    await page.getByTestId('theme-toggle').click();
    await page.setViewportSize({ width: 1400, height: 900 });

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
