// Starts the real browser mode (`floe serve`, built output) as its own process and Debian's chromium
// through playwright-core. Each spec gets a fresh Floe data folder pointed at the test lab.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServe } from '../integration/server/serve-process';

const root = join(import.meta.dirname, '..', '..');
export const ARTIFACTS = join(root, 'test-results', 'e2e');
export const CHROMIUM = process.env.FLOE_CHROMIUM ?? '/usr/bin/chromium';
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface BrowserMode {
  url: string;
  origin: string;
  page: Page;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** `timezoneId`: the page's local time zone (an IANA name), so UTC and local time differ in a test. */
export async function openBrowserMode(labHome: string, options: { timezoneId?: string } = {}): Promise<BrowserMode> {
  const { child, url } = await startServe(labHome);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}) });
    await page.goto(url);
    mkdirSync(ARTIFACTS, { recursive: true });
    const opened = browser;
    return {
      url,
      origin: new URL(url).origin,
      page,
      screenshot: async (name) => {
        const path = join(ARTIFACTS, `${name}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      close: async () => {
        await opened.close();
        child.kill('SIGTERM');
      },
    };
  } catch (error) {
    await browser?.close();
    child.kill('SIGTERM');
    throw error;
  }
}
