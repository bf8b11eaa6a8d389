// Journey: open a DLQ written by the lab's Kafka Connect, see its records grouped by cause, open a record of one
// cause, fix its value, dry-run and replay it; the fixed record is back on its source topic once, with
// provenance headers and without Connect's error headers (read by confluent-kafka, read_committed). Then one
// transform for the whole cause: a preview that names the record it cannot fix, a condition, the fixed values
// encoded with the source topic's Avro subject, replayed. Last, a cause replayed to another cluster (a Kafka-only
// second lab), the dialog saying which guarantee holds there.
import avro from 'avsc';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_LAB_PROFILE_ID } from '../../shared/model/profile';
import { ConnectRest, labWithConnect, type ConnectLab } from '../integration/connect-fixtures';
import { startCore } from '../integration/core-session';
import { makeConnectDlq, ORDER_SCHEMA, type ConnectDlq } from '../integration/dlq/dlq-fixtures';
import { createTopics } from '../integration/connect-fixtures';
import { pythonDumpCommitted } from '../integration/python-kafka';
import { secondCluster } from '../integration/second-cluster';
import { openBrowserMode, type BrowserMode } from './browser-mode';

const suffix = `e2e${Date.now().toString(36)}`;
let lab: ConnectLab;
let core: ReturnType<typeof startCore>;
let made: ConnectDlq;
let app: BrowserMode;
let groupId: string;
let eofGroupId: string;
let second: Awaited<ReturnType<typeof secondCluster>> | undefined;

beforeAll(async () => {
  lab = await labWithConnect(inject('lab'));
  core = startCore(lab.home);
  made = await makeConnectDlq(lab, new ConnectRest(lab.connect), core, suffix);
  const triage = await core.client.stream('dlq.groups', { profileId: LOCAL_LAB_PROFILE_ID, topic: made.dlq }, () => undefined);
  groupId = triage.groups.find((g) => /NumberFormatException/.test(`${g.rootCause ?? ''} ${g.messageTemplate ?? ''}`))!.id;
  eofGroupId = triage.groups.find((g) => /JsonEOFException/.test(`${g.rootCause ?? ''} ${g.messageTemplate ?? ''}`))!.id;
  app = await openBrowserMode(lab.home);
}, 240_000);

afterAll(async () => {
  await app?.close();
  await core?.close();
  await second?.stop();
});

/** The Dead letters room on the test's DLQ: the room comes back on the DLQ it showed last, so via the list. */
async function openDlq() {
  const { page } = app;
  await page.getByTestId('nav-dlq').click();
  const row = page.locator(`[data-testid=dlq-row][data-topic="${made.dlq}"]`);
  const toList = page.getByTestId('back-to-dlqs');
  await row.or(toList).first().waitFor({ timeout: 30_000 });
  if (await toList.isVisible()) await toList.click();
  await row.click();
}

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

  it('transforms a whole cause: preview with the record it cannot fix, a condition, then the fixed values replayed encoded with the Avro subject', async () => {
    const { page } = app;
    await openDlq();
    await page.locator(`[data-testid=dlq-group][data-group="${groupId}"]`).click();
    await page.getByTestId('transform-group').click();
    const panel = page.getByTestId('transform-panel');
    await panel.getByTestId('transform-path').fill('amount');
    await panel.getByTestId('transform-expr').fill('{"twelve": 12.0, "eleven": 11.0, "ten": 10.0}[value.amount]');
    await panel.getByTestId('transform-use-subject').check();
    expect(await panel.getByTestId('transform-subject').inputValue()).toBe(`${made.source}-value`);
    await panel.getByTestId('transform-preview').click();
    const summary = panel.getByTestId('transform-summary');
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toMatch(/^3 of 4 records fixed, 0 left as they are .*, 1 cannot be fixed/);
    const rows = panel.getByTestId('transform-preview-row');
    expect(await rows.count()).toBe(4);
    const after = await rows.locator('td:nth-child(3)').allTextContents();
    expect(after.filter((t) => /^\{"id":2\d,"amount":1[012](\.0)?\}$/.test(t))).toHaveLength(3);
    expect(after.find((t) => t.startsWith('amount:'))).toMatch(/^amount: .*nine/);
    expect(await panel.getByTestId('transform-replay').count()).toBe(0);
    await panel.scrollIntoViewIfNeeded();
    await app.screenshot('dlq-transform-problem');

    await panel.getByTestId('transform-when').fill('value.amount != "nine"');
    await panel.getByTestId('transform-preview').click();
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toMatch(/^3 of 4 records fixed, 1 left as they are by the condition \(replayed unchanged\)\. Nothing was sent\.$/);
    await panel.getByTestId('transform-only-changed').check();
    await panel.getByTestId('transform-replay').scrollIntoViewIfNeeded();
    await app.screenshot('dlq-transform-preview');
    await panel.getByTestId('transform-replay').click();

    const dialog = page.getByTestId('replay-dialog');
    expect(await dialog.getByTestId('replay-edits').textContent()).toMatch(/transform's 3 fixed values/);
    await dialog.getByTestId('replay-dry-run').click();
    const plan = dialog.getByTestId('replay-plan');
    await plan.waitFor({ timeout: 15_000 });
    expect(await plan.locator('p').textContent()).toMatch(/Dry run: 3 records would be sent/);
    expect(await plan.locator('tbody tr td:nth-child(5)').allTextContents()).toEqual(['edited', 'edited', 'edited']);
    await dialog.getByTestId('replay-run').click();
    await expect.poll(() => dialog.getByTestId('replay-status').textContent(), { timeout: 30_000 }).toMatch(/^Done: 3 records sent exactly once/);
    await app.screenshot('dlq-transform-replayed');
    const id = /\(replay (r-[a-z0-9-]+)\)/.exec((await dialog.getByTestId('replay-status').textContent())!)![1]!;

    // Back on the source topic, Avro under the source subject's schema id, each value exactly the fix.
    const schemaId = (await core.client.call('schemas.version', { profileId: LOCAL_LAB_PROFILE_ID, subject: `${made.source}-value`, version: 'latest' })).id;
    const order = avro.Type.forSchema(JSON.parse(ORDER_SCHEMA) as avro.Schema);
    const back = pythonDumpCommitted(lab, made.source).filter((r) => r.headers.some(([k, v]) => k === 'floe.replay.id' && text(v) === id));
    const values = back.map((r) => Buffer.from(r.value!, 'hex'));
    expect(values.map((v) => [v[0], v.readUInt32BE(1)])).toEqual([[0, schemaId], [0, schemaId], [0, schemaId]]);
    expect(values.map((v) => order.fromBuffer(v.subarray(5)) as { id: number; amount: number }).sort((a, b) => a.id - b.id)).toEqual([{ id: 20, amount: 12 }, { id: 21, amount: 11 }, { id: 22, amount: 10 }]);
  }, 180_000);

  it('replays a cause to another cluster, saying the guarantee is effectively once there', async () => {
    second = await secondCluster();
    const target = `dlq-elsewhere-${suffix}`;
    await createTopics(second.lab, [{ topic: target, partitions: 2 }]);
    const { page } = app;
    // The last journey's replay dialog is still open over the room.
    if (await page.getByTestId('replay-dialog').isVisible()) await page.getByTestId('replay-dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('new-connection').click();
    await page.getByTestId('name').fill(`Second ${suffix}`);
    await page.getByTestId('bootstrap').fill(second.lab.kafka.plaintext);
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('profile-picker').locator('option').count(), { timeout: 15_000 }).toBe(2);
    await page.getByTestId('profile-picker').selectOption(LOCAL_LAB_PROFILE_ID);
    await openDlq();
    await page.locator(`[data-testid=dlq-group][data-group="${eofGroupId}"]`).getByTestId('replay-group').click();
    const dialog = page.getByTestId('replay-dialog');
    expect(await dialog.getByTestId('replay-guarantee').textContent()).toMatch(/Exactly once for read_committed readers/);
    await dialog.getByTestId('replay-target').fill(target);
    await dialog.getByTestId('replay-target-cluster').selectOption({ label: `Second ${suffix}` });
    expect(await dialog.getByTestId('replay-guarantee').textContent()).toMatch(/Effectively once, not exactly once: no transaction spans two clusters\..*floe\.replay\.\* headers/);
    await dialog.getByTestId('replay-dry-run').click();
    await dialog.getByTestId('replay-plan').waitFor({ timeout: 15_000 });
    expect(await dialog.getByTestId('replay-plan').locator('p').textContent()).toMatch(/Dry run: 5 records would be sent/);
    await app.screenshot('dlq-replay-other-cluster');
    await dialog.getByTestId('replay-run').click();
    await expect.poll(() => dialog.getByTestId('replay-status').textContent(), { timeout: 60_000 }).toMatch(/^Done: 5 records sent effectively once, to another cluster \(replay r-/);
    const id = /\(replay (r-[a-z0-9-]+)\)/.exec((await dialog.getByTestId('replay-status').textContent())!)![1]!;
    const there = pythonDumpCommitted(second.lab, target);
    expect(there).toHaveLength(5);
    expect(there.every((r) => r.headers.some(([k, v]) => k === 'floe.replay.id' && text(v) === id))).toBe(true);
    expect(there.map((r) => text(r.key)).sort()).toEqual(['eof-1', 'eof-2', 'eof-3', 'eof-4', 'eof-5']);
  }, 240_000);
});
