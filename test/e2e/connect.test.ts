// Journey in the Connect room against the lab's worker: a sink whose task fails on its config is listed with
// its failed task; its page shows the whole trace and the config with the secret masked; the config is fixed
// (validated by the plugin, the masked secret kept), the failed task restarted and the records arrive; pause
// and resume; delete with the name typed again.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConnectRest, createTopics, deleteTopics, feed, labWithConnect, type ConnectLab } from '../integration/connect-fixtures';
import { fileSinkConfig, LAB } from '../integration/connect/connect-kit';
import { startCore } from '../integration/core-session';
import { openBrowserMode, type BrowserMode } from './browser-mode';

const suffix = `e2e${Date.now().toString(36)}`;
const topic = `connect-room-${suffix}`;
const name = `room-sink-${suffix}`;
const dir = mkdtempSync(join(tmpdir(), 'floe-connect-room-'));
const file = join(dir, 'out.txt');
const badFile = join(dir, 'missing-folder', 'out.txt');
let lab: ConnectLab;
let rest: ConnectRest;
let core: ReturnType<typeof startCore>;
let app: BrowserMode;

beforeAll(async () => {
  lab = await labWithConnect(inject('lab'));
  rest = new ConnectRest(lab.connect);
  core = startCore(lab.home);
  await createTopics(lab, [{ topic, partitions: 1 }]);
  await feed(lab, topic, [{ value: 'first' }, { value: 'second' }, { value: 'third' }]);
  const config = fileSinkConfig(topic, badFile, { 'consumer.override.ssl.key.password': 'hunter2-not-shown' });
  await core.client.call('connect.save', { ...LAB, name, config, mode: 'create' });
  app = await openBrowserMode(lab.home);
}, 600_000);

afterAll(async () => {
  await app?.close();
  await rest?.delete(name).catch(() => undefined);
  await core?.close();
  if (lab) await deleteTopics(lab, [topic]);
  rmSync(dir, { recursive: true, force: true });
});

const storedConfig = () => rest.request<Record<string, string>>('GET', `/connectors/${encodeURIComponent(name)}/config`);

describe('the Connect room', () => {
  it('shows a failed task and its trace, fixes the config, restarts the task, pauses, resumes and deletes', async () => {
    const { page } = app;
    await page.getByTestId('nav-connect').click();
    const row = page.locator(`[data-testid=connector-row][data-name="${name}"]`);
    // The task fails a moment after the connector starts: refresh until the list shows it.
    await expect
      .poll(async () => {
        if (!(await row.count())) await page.getByTestId('connect-refresh').click();
        else if (!/FAILED/.test((await row.textContent()) ?? '')) await page.getByTestId('connect-refresh').click();
        return (await row.count()) ? await row.textContent() : '';
      }, { timeout: 60_000, interval: 1500 })
      .toMatch(/0 FAILED/);
    expect(await row.locator('td').nth(1).textContent()).toBe('sink');
    expect(await row.locator('td').nth(2).textContent()).toBe('FileStreamSinkConnector');
    expect(await row.locator('td').nth(3).textContent()).toBe('RUNNING');
    expect(await row.locator('td').nth(5).textContent()).toBe(new URL(lab.connect.url).host);
    expect(await page.getByTestId('connect-cluster-info').textContent()).toMatch(/Connect 4\.3\.1/);
    await app.screenshot('connect-list');

    await row.click();
    const task = page.locator('[data-testid=task][data-task="0"]');
    await task.waitFor({ timeout: 15_000 });
    expect(await task.getByTestId('task-trace-head').textContent()).toMatch(/^org\.apache\.kafka\.connect\.errors\.ConnectException: Couldn't find or create file/);
    await task.getByTestId('task-trace-toggle').click();
    const trace = (await task.getByTestId('task-trace').textContent())!;
    expect(trace).toBe((await rest.status(name)).tasks[0]!.trace);
    expect(trace).toMatch(/Caused by: java\.nio\.file\.NoSuchFileException/);
    const config = page.getByTestId('connector-config');
    expect(await config.locator('tr[data-key="consumer.override.ssl.key.password"] td').nth(1).textContent()).toBe('********');
    expect(await page.content()).not.toContain('hunter2');
    await app.screenshot('connect-failed-task');

    await page.getByTestId('config-edit').click();
    const editor = page.getByTestId('config-text');
    const text = await editor.inputValue();
    await editor.fill(text.replace(JSON.stringify(badFile), JSON.stringify(file)).replace('"tasks.max": "1"', '"tasks.max": "x"'));
    await page.getByTestId('config-validate').click();
    await expect.poll(() => page.getByTestId('config-field-error').first().textContent(), { timeout: 20_000 }).toMatch(/^tasks\.max: /);
    await app.screenshot('connect-config-rejected');
    await editor.fill((await editor.inputValue()).replace('"tasks.max": "x"', '"tasks.max": "1"'));
    await page.getByTestId('config-save').click();
    await page.getByTestId('config-saved').waitFor({ timeout: 30_000 });
    expect((await storedConfig()).file).toBe(file);
    expect((await storedConfig())['consumer.override.ssl.key.password']).toBe('hunter2-not-shown');

    // The failed task offers "Restart failed"; after the new config, restart the connector and its tasks.
    await page.getByTestId('connector-restart-all').click();
    await expect.poll(() => task.locator('.badge').textContent(), { timeout: 60_000 }).toBe('RUNNING');
    await expect.poll(() => (existsSync(file) ? readFileSync(file, 'utf8') : ''), { timeout: 60_000 }).toBe('first\nsecond\nthird\n');
    await app.screenshot('connect-fixed');

    await page.getByTestId('connector-pause').click();
    await expect.poll(() => page.getByTestId('connector-state').textContent(), { timeout: 30_000 }).toBe('PAUSED');
    await page.getByTestId('connector-resume').click();
    await expect.poll(() => page.getByTestId('connector-state').textContent(), { timeout: 30_000 }).toBe('RUNNING');

    await page.getByTestId('connector-delete').click();
    await page.getByTestId('confirm-name-input').fill(name.slice(0, -1));
    expect(await page.getByTestId('confirm-name').isDisabled()).toBe(true);
    await page.getByTestId('confirm-name-input').fill(name);
    await page.getByTestId('confirm-name').click();
    await page.getByTestId('connectors-table').or(page.getByText('No connectors')).first().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator(`[data-testid=connector-row][data-name="${name}"]`).count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => rest.request('GET', '/connectors').then((names) => (names as string[]).includes(name)), { timeout: 30_000 }).toBe(false);
  }, 240_000);
});
