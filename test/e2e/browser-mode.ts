// Starts the real browser mode (`floe serve`, built output) as its own process and Debian's chromium
// through playwright-core. Each spec gets a fresh Floe data folder pointed at the test lab.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = join(import.meta.dirname, '..', '..');
export const ARTIFACTS = join(root, 'test-results', 'e2e');
const CHROMIUM = process.env.FLOE_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface BrowserMode {
  url: string;
  origin: string;
  page: Page;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

function serve(labHome: string): Promise<{ child: ChildProcess; url: string }> {
  const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-e2e-')), FLOE_LAB_HOME: labHome, FLOE_NO_KEYRING: '1' };
  const child = spawn(process.execPath, [join(root, 'bin/floe.mjs'), 'serve', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`floe serve printed no URL in 30 s: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`floe serve exited (${code}): ${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
  });
}

export async function openBrowserMode(labHome: string): Promise<BrowserMode> {
  const { child, url } = await serve(labHome);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
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
