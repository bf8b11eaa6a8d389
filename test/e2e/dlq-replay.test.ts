// Journey: open a DLQ written by the lab's Kafka Connect, see its records grouped by cause, open a record of one
// cause, fix its value, dry-run and replay it; the fixed record is back on its source topic once, with
// provenance headers and without Connect's error headers (read by confluent-kafka, read_committed).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_LAB_PROFILE_ID } from '../../shared/model/profile';
import { ConnectRest, labWithConnect, type ConnectLab } from '../integration/connect-fixtures';
import { startCore } from '../integration/core-session';
import { makeConnectDlq, type ConnectDlq } from '../integration/dlq/dlq-fixtures';
import { pythonDumpCommitted } from '../integration/python-kafka';
import { openBrowserMode, type BrowserMode } from './browser-mode';

const suffix = `e2e${Date.now().toString(36)}`;
let lab: ConnectLab;
let core: ReturnType<typeof startCore>;
let made: ConnectDlq;
let app: BrowserMode;
let groupId: string;

beforeAll(async () => {
  lab = await labWithConnect(inject('lab'));
  core = startCore(lab.home);
  made = await makeConnectDlq(lab, new ConnectRest(lab.connect), core, suffix);
  const triage = await core.client.stream('dlq.groups', { profileId: LOCAL_LAB_PROFILE_ID, topic: made.dlq }, () => undefined);
  groupId = triage.groups.find((g) => /NumberFormatException/.test(`${g.rootCause ?? ''} ${g.messageTemplate ?? ''}`))!.id;
  app = await openBrowserMode(lab.home);
}, 240_000);

afterAll(async () => {
  await app?.close();
  await core?.close();
});

const text = (hex: string | null) => (hex === null ? null : Buffer.from(hex, 'hex').toString('utf8'));

describe('dead letters: triage, fix and replay', () => {
  it('groups a DLQ by cause, fixes one record and replays it to its source topic exactly once', async () => {
    const { page } = app;
    await page.getByTestId('nav-dlq').click();
    const row = page.locator(`[data-testid=dlq-row][data-topic="${made.dlq}"]`);
    await row.waitFor({ timeout: 60_000 });
    await row.click();
    const groups = page.getByTestId('dlq-group');
    await expect.poll(() => groups.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(made.causes.length);
    const group = page.locator(`[data-testid=dlq-group][data-group="${groupId}"]`);
    expect(await group.locator('td').first().textContent()).toBe('4');
    await group.click();
    const records = page.getByTestId('dlq-record');
    await expect.poll(() => records.count(), { timeout: 15_000 }).toBe(4);
    await app.screenshot('dlq-groups');

    await records.first().click();
    const panel = page.getByTestId('dlq-record-panel');
    expect(await panel.getByTestId('dlq-source').textContent()).toMatch(new RegExp(`from ${made.source}/\\d@\\d+ · source record present`));
    await panel.getByTestId('dlq-edit-value').fill('{"id": 20, "amount": "12.0"}');
    await panel.getByTestId('dlq-edit-encoding').selectOption('json');
    await app.screenshot('dlq-record-fixed');
    await panel.getByTestId('replay-record').click();

    const dialog = page.getByTestId('replay-dialog');
    await dialog.getByTestId('replay-dry-run').click();
    const plan = dialog.getByTestId('replay-plan');
    await plan.waitFor({ timeout: 15_000 });
    expect(await plan.locator('p').textContent()).toMatch(/Dry run: 1 record would be sent/);
    expect(await plan.locator('tbody td').nth(1).textContent()).toMatch(new RegExp(`^${made.source}/\\d$`));
    expect(await plan.locator('tbody td').nth(4).textContent()).toBe('edited');
    await dialog.getByTestId('replay-run').click();
    await expect.poll(() => dialog.getByTestId('replay-status').textContent(), { timeout: 30_000 }).toMatch(/^Done: 1 record sent exactly once \(replay r-[a-z0-9-]+\)\.$/);
    await app.screenshot('dlq-replayed');
    const id = /\(replay (r-[a-z0-9-]+)\)/.exec((await dialog.getByTestId('replay-status').textContent())!)![1]!;
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('back-to-dlqs').click();
    await page.locator(`[data-testid=replay-row][data-id="${id}"]`).waitFor({ timeout: 10_000 });
    expect(await page.locator(`[data-testid=replay-row][data-id="${id}"] td`).nth(1).textContent()).toBe('done');

    const back = pythonDumpCommitted(lab, made.source).filter((r) => r.headers.some(([k, v]) => k === 'floe.replay.id' && text(v) === id));
    expect(back).toHaveLength(1);
    expect(text(back[0]!.value)).toBe('{"id": 20, "amount": "12.0"}');
    const headers = Object.fromEntries(back[0]!.headers.map(([k, v]) => [k, text(v)]));
    expect(headers['floe.replay.source.topic']).toBe(made.dlq);
    expect(Object.keys(headers).some((k) => k.startsWith('__connect.errors.'))).toBe(false);

    // A dead letter's source link opens the source record itself: its partition read from its offset, the record selected.
    await row.click();
    await group.click();
    await records.first().click();
    const link = panel.getByTestId('dlq-source-link');
    const [, partition, offset] = /\/(\d+)@(\d+)$/.exec((await link.textContent())!)!;
    await link.click();
    await expect.poll(() => page.getByTestId('record-detail').locator('b.mono').first().textContent(), { timeout: 30_000 }).toBe(`${partition}:${offset}`);
    expect(await page.getByTestId('partitions-input').inputValue()).toBe(partition);
    expect(await page.getByTestId('start-kind').inputValue()).toBe('offset');
    expect(await page.getByTestId('start-arg').inputValue()).toBe(offset);
    await app.screenshot('dlq-source-record');
  }, 180_000);
});
